import type * as z from 'zod';
import { PipegateError } from '../../../errors';
import { formatZodIssues } from '../../../validation/format-zod-issues';

/**
 * Parses a JSON attribute of a table item with its record's schema. Items are written by pipegate itself,
 * so a mismatch is a corrupt or foreign item (or a missed migration): it fails loudly, naming the item,
 * instead of handing a half-shaped record to code that trusts its type.
 * @throws PipegateError INVALID_RECORD with the item's pk/sk, the attribute and the failing fields
 * @example const record = decodeStored(unmarshall(item), 'record', storedApprovalRecordSchema);
 */
export const decodeStored = <T>(
  item: Record<string, unknown>,
  attribute: string,
  schema: z.ZodType<T>,
): T => {
  const where = { pk: String(item.pk), sk: String(item.sk), attribute };
  let value: unknown;
  try {
    value = JSON.parse(String(item[attribute]));
  } catch (cause) {
    throw new PipegateError(
      'INVALID_RECORD',
      `stored item ${where.pk} ${where.sk}: ${attribute} is not JSON`,
      {
        cause,
        details: where,
      },
    );
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = formatZodIssues(parsed.error.issues);
  throw new PipegateError(
    'INVALID_RECORD',
    `stored item ${where.pk} ${where.sk}: ${attribute} does not match its schema: ${issues.join('; ')}`,
    { details: { ...where, issues } },
  );
};
