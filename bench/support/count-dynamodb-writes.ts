import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { eventPageSk, eventSk, notifySk, SUMMARY_SK } from '../../shared/adapters/dynamodb/keys';

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand']);

interface SentCommand {
  constructor: { name: string };
  input?: { Item?: { sk?: { S?: string } }; Key?: { sk?: { S?: string } } };
}

// Prefixes from the adapters' own key builders, so the spy follows the table layout when it changes.
const EVENT = eventSk('');
const EVENT_PAGE = eventPageSk(0).split('#')[0] as string;
const NOTIFY = notifySk('', '').slice(0, -1);

/** What a write touched, from its sort key (layout in infra/table.yml / shared/adapters/dynamodb/keys.ts). */
const itemKind = (sk: string | undefined): string => {
  if (!sk) return 'other';
  if (sk === SUMMARY_SK) return 'summary';
  if (sk.startsWith(`${EVENT_PAGE}#`)) return 'event page';
  if (sk.startsWith(EVENT)) return 'event';
  if (sk.startsWith(`${NOTIFY}card#`)) return 'card';
  if (sk.startsWith(`${NOTIFY}slack:`)) return 'delivery slack';
  if (sk.startsWith(`${NOTIFY}sns:`)) return 'delivery sns';
  return sk.split('#')[0] ?? 'other';
};

const bump = (counts: Map<string, number>, key: string): void => {
  counts.set(key, (counts.get(key) ?? 0) + 1);
};

export interface DynamoCounts {
  /** Write requests (conditional ones that fail still consume a write). */
  writes: number;
  /** Every command by name, reads included. */
  byCommand: Record<string, number>;
  /** Writes by command and the item they touched, e.g. `PutItem event`, `UpdateItem card`. */
  writesByItem: Record<string, number>;
  /** Writes refused by their condition (a claim lost, a version moved on), by command and item. */
  conditionalFailures: Record<string, number>;
}

/**
 * Bench-only spy: counts every DynamoDB command any client in this process sends (the functions build their
 * own clients, so the prototype is where all of them meet). Install before importing the functions.
 * @example
 * const dynamo = countDynamoCommands();
 * const before = dynamo.snapshot();
 * // … work …
 * dynamo.since(before).writes;
 */
export const countDynamoCommands = () => {
  const commands = new Map<string, number>();
  const items = new Map<string, number>();
  const refused = new Map<string, number>();
  let writes = 0;
  const original = DynamoDBClient.prototype.send;
  DynamoDBClient.prototype.send = function send(this: DynamoDBClient, command: unknown, ...rest: unknown[]) {
    const sent = command as SentCommand;
    const name = sent.constructor.name;
    bump(commands, name);
    const result = (original as (...args: unknown[]) => unknown).call(this, command, ...rest);
    if (!WRITES.has(name)) return result;
    writes += 1;
    const label = `${name.replace(/Command$/, '')} ${itemKind(sent.input?.Item?.sk?.S ?? sent.input?.Key?.sk?.S)}`;
    bump(items, label);
    if (result instanceof Promise) {
      result.catch((error: unknown) => {
        if ((error as { name?: string }).name === 'ConditionalCheckFailedException') bump(refused, label);
      });
    }
    return result;
  } as typeof original;

  const snapshot = (): DynamoCounts => ({
    writes,
    byCommand: Object.fromEntries(commands),
    writesByItem: Object.fromEntries(items),
    conditionalFailures: Object.fromEntries(refused),
  });
  const minus = (now: Record<string, number>, then: Record<string, number>): Record<string, number> =>
    Object.fromEntries(
      Object.entries(now)
        .map(([key, n]) => [key, n - (then[key] ?? 0)] as const)
        .filter(([, n]) => n !== 0),
    );
  return {
    snapshot,
    /** What was counted since an earlier snapshot. */
    since: (before: DynamoCounts): DynamoCounts => {
      const now = snapshot();
      return {
        writes: now.writes - before.writes,
        byCommand: minus(now.byCommand, before.byCommand),
        writesByItem: minus(now.writesByItem, before.writesByItem),
        conditionalFailures: minus(now.conditionalFailures, before.conditionalFailures),
      };
    },
  };
};
