import type { DynamoDBClient, QueryCommandOutput } from '@aws-sdk/client-dynamodb';

/** What DynamoDB did for the reads so far (dynalite reports the same fields DynamoDB does). */
export interface ReadTotals {
  /** Query requests, i.e. DynamoDB pages read. */
  queries: number;
  /** Items DynamoDB examined (`ScannedCount`): what a Query is billed for, before any filter. */
  scanned: number;
  /** Items that passed the FilterExpression and came back over the wire (`Count`). */
  matched: number;
  /** Read capacity units (`ConsumedCapacity`, eventually consistent: 0.5 per 4 KB). */
  capacityUnits: number;
  /** Scan requests: there must be none. */
  scans: number;
}

/**
 * Meters every request of `client`: Query results' ScannedCount, Count and ConsumedCapacity (asked for with
 * ReturnConsumedCapacity=TOTAL, which changes nothing about what is read), and any Scan.
 * @example const meter = meterReads(client); …; const delta = meter.since(before);
 */
export const meterReads = (client: DynamoDBClient) => {
  const totals: ReadTotals = { queries: 0, scanned: 0, matched: 0, capacityUnits: 0, scans: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'ScanCommand') totals.scans += 1;
      const isQuery = context.commandName === 'QueryCommand';
      // Initialize runs before serialization, so the flag reaches the wire.
      if (isQuery) (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      if (isQuery) {
        const output = result.output as QueryCommandOutput;
        totals.queries += 1;
        totals.scanned += output.ScannedCount ?? 0;
        totals.matched += output.Count ?? 0;
        totals.capacityUnits += output.ConsumedCapacity?.CapacityUnits ?? 0;
      }
      return result;
    },
    { step: 'initialize', name: 'benchReadMeter' },
  );
  return {
    now: (): ReadTotals => ({ ...totals }),
    since: (before: ReadTotals): ReadTotals => ({
      queries: totals.queries - before.queries,
      scanned: totals.scanned - before.scanned,
      matched: totals.matched - before.matched,
      capacityUnits: totals.capacityUnits - before.capacityUnits,
      scans: totals.scans - before.scans,
    }),
  };
};

export type ReadMeter = ReturnType<typeof meterReads>;
