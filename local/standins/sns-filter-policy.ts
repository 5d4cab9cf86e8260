import type { SnsAttribute } from './sns-types';

type Condition = string | number | boolean | null | Record<string, unknown>;

function matchesCondition(condition: Condition, attribute: SnsAttribute | undefined): boolean {
  if (condition !== null && typeof condition === 'object' && 'exists' in condition) {
    return (attribute !== undefined) === condition.exists;
  }
  if (attribute === undefined) return false;
  // String.Array attributes match when any element matches.
  const values: unknown[] =
    attribute.DataType === 'String.Array'
      ? (JSON.parse(attribute.StringValue ?? '[]') as unknown[])
      : [attribute.StringValue];
  return values.some((value) => {
    if (condition === null || typeof condition !== 'object') {
      return typeof condition === 'number' ? Number(value) === condition : value === condition;
    }
    if ('prefix' in condition) return typeof value === 'string' && value.startsWith(String(condition.prefix));
    if ('anything-but' in condition) {
      const excluded = condition['anything-but'];
      if (excluded !== null && typeof excluded === 'object' && !Array.isArray(excluded)) {
        return !matchesCondition(excluded as Condition, { DataType: 'String', StringValue: String(value) });
      }
      return !(Array.isArray(excluded) ? excluded : [excluded]).some((e) => String(e) === String(value));
    }
    return false;
  });
}

/**
 * Whether a subscription's filter policy lets a message through: every key must match (AND), any value in a
 * key's list may match (OR). Supports exact values, `prefix`, `anything-but` and `exists`.
 *
 * @example
 * filterPolicyMatches({ env: ['prod'] }, { env: { DataType: 'String', StringValue: 'prod' } }); // true
 */
export function filterPolicyMatches(
  policy: Record<string, unknown>,
  attributes: Record<string, SnsAttribute>,
): boolean {
  return Object.entries(policy).every(([key, conditions]) =>
    (Array.isArray(conditions) ? conditions : [conditions]).some((c) =>
      matchesCondition(c as Condition, attributes[key]),
    ),
  );
}
