import type { LocalStack } from '../../../local/stack';
import { itemsUnder } from './table-items';

/** Today's unauthenticated-request counters (one item per route per minute), as stored. */
export const noiseCounters = async (
  stack: LocalStack,
): Promise<Array<{ route: string; requests: number; sk: string }>> => {
  const items = await itemsUnder(
    stack.dynamodb,
    stack.env.PIPEGATE_TABLE as string,
    `NOISE#${new Date().toISOString().slice(0, 10)}`,
  );
  return items.map((item) => ({
    route: String(item.route),
    requests: Number(item.requests),
    sk: String(item.sk),
  }));
};

/** Requests counted for a route today. */
export const countedFor = async (stack: LocalStack, route: string): Promise<number> =>
  (await noiseCounters(stack))
    .filter((item) => item.route === route)
    .reduce((sum, item) => sum + item.requests, 0);
