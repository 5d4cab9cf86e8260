import { type DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { type ChainHead, genesisHash } from '../../audit/chain/chain-link';
import { chainHeadKey, completeLastAppend, readChainHead, readChainHeads } from './audit-chain-head';
import { conditionalWrite } from './dynamodb-errors';

export interface AnchorChainDayOptions {
  day: string;
  /** When the day is closed (the sweeper's clock). */
  at: string;
  expiresAt: number;
  /** The configured lane count; a day whose heads recorded more keeps its own. */
  lanes: number;
}

const closeLane = async (
  client: DynamoDBClient,
  tableName: string,
  options: AnchorChainDayOptions & { lane: number },
): Promise<ChainHead | undefined> => {
  const { day, lane } = options;
  const closed = await conditionalWrite('UpdateItem audit chain anchor', () =>
    client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: marshall(chainHeadKey(day, lane)),
        UpdateExpression:
          'SET anchoredAt = :at, #kind = :kind, #day = :day, lanes = :lanes, #seq = if_not_exists(#seq, :zero), #hash = if_not_exists(#hash, :genesis), lastId = if_not_exists(lastId, :none), expiresAt = if_not_exists(expiresAt, :expiresAt)',
        ConditionExpression: 'attribute_not_exists(anchoredAt)',
        ExpressionAttributeNames: { '#kind': 'kind', '#day': 'day', '#seq': 'seq', '#hash': 'hash' },
        ExpressionAttributeValues: marshall({
          ':at': options.at,
          ':kind': 'audit-chain-head',
          ':day': day,
          ':lanes': options.lanes,
          ':zero': 0,
          ':genesis': genesisHash(day, lane),
          ':none': '',
          ':expiresAt': options.expiresAt,
        }),
      }),
    ),
  );
  return closed ? readChainHead(client, tableName, day, lane) : undefined;
};

/**
 * Closes a day: marks every lane's head as its anchor — an empty lane gets an empty anchor (`seq 0`), so a
 * lane whose entries *and* head are deleted later is still missed — after which no entry can join that
 * day. Reads the day's heads first (one Query), so a run over a closed day writes nothing; an append that
 * stopped after moving its lane's head is finished first (no later writer of that lane may come). Returns
 * the heads closed now (none when the day already was closed).
 * @example await anchorChainDay(client, table, { day: '2026-07-20', at, expiresAt, lanes: 8 })
 */
export const anchorChainDay = async (
  client: DynamoDBClient,
  tableName: string,
  options: AnchorChainDayOptions,
): Promise<ChainHead[]> => {
  const heads = await readChainHeads(client, tableName, options.day);
  const lanes = Math.max(options.lanes, ...heads.map((head) => Math.max(head.lanes, head.lane + 1)));
  const open = Array.from({ length: lanes }, (_, lane) => lane).filter(
    (lane) => !heads.find((head) => head.lane === lane)?.anchoredAt,
  );
  await Promise.all(
    heads.filter((head) => !head.anchoredAt).map((head) => completeLastAppend(client, tableName, head)),
  );
  const closed = await Promise.all(
    open.map((lane) => closeLane(client, tableName, { ...options, lanes, lane })),
  );
  return closed.filter((head): head is ChainHead => head !== undefined);
};
