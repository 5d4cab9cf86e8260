import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand']);

/**
 * Bench-only spy: counts every DynamoDB command any client in this process sends (the functions build their
 * own clients, so the prototype is where all of them meet). Install before importing the functions.
 */
export const countDynamoCommands = () => {
  const counts = new Map<string, number>();
  const original = DynamoDBClient.prototype.send;
  DynamoDBClient.prototype.send = function send(this: DynamoDBClient, command: unknown, ...rest: unknown[]) {
    const name = (command as { constructor: { name: string } }).constructor.name;
    counts.set(name, (counts.get(name) ?? 0) + 1);
    return (original as (...args: unknown[]) => unknown).call(this, command, ...rest);
  } as typeof original;
  return {
    writes: (): number => [...counts].filter(([name]) => WRITES.has(name)).reduce((sum, [, n]) => sum + n, 0),
    byCommand: (): Record<string, number> => Object.fromEntries(counts),
  };
};
