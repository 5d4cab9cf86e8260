import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * Records the name of every command the client sends (e.g. `QueryCommand`), so a test can prove that no
 * `ScanCommand` is ever issued. Adds an SDK middleware; returns the live list.
 */
export const recordCommands = (client: DynamoDBClient): string[] => {
  const sent: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'pipegateRecordCommands' },
  );
  return sent;
};
