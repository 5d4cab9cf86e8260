import * as z from 'zod';
import { PipegateError } from '../errors';
import { isTimeExpression, TIME_EXPRESSION_HELP } from './time-range';

/**
 * Canonical actor identity for the by-actor index: emails lower-cased (Slack and email decisions of one person
 * line up), Slack ids kept as `slack:<id>`.
 * @example normaliseActorId('Jane@Example.com') // 'jane@example.com'
 */
export const normaliseActorId = (id: string): string =>
  id.includes('@') ? id.trim().toLowerCase() : id.trim();

const timeExpression = z.string().trim().refine(isTimeExpression, TIME_EXPRESSION_HELP);
const limit = z.coerce
  .number({ error: 'must be a whole number from 1 to 500' })
  .int('must be a whole number from 1 to 500')
  .min(1, 'must be a whole number from 1 to 500')
  .max(500, 'must be a whole number from 1 to 500')
  .default(50);
const cursor = z
  .string()
  .max(4096, 'is too long to be a pipegate cursor')
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'is not a pipegate cursor');
// CodePipeline's own name rule for pipelines.
const pipeline = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be text') })
  .trim()
  .regex(/^[A-Za-z0-9.@_-]{1,100}$/, 'must be a CodePipeline pipeline name');
const approver = z
  .string()
  .trim()
  .refine(
    (value) => z.email().safeParse(value).success || /^slack:[UW][A-Z0-9]{2,}$/.test(value),
    'must be an email address or slack:<user id> (e.g. slack:U024BE7LH)',
  )
  .transform(normaliseActorId);

const range = {
  from: timeExpression.optional(),
  to: timeExpression.optional(),
  since: timeExpression.optional(),
};
const page = { limit, cursor: cursor.optional() };

export const executionIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be a CodePipeline execution id');

export const executionParams = z.object({ executionId: executionIdSchema });
export const executionsParams = z.strictObject({ pipeline, ...range, ...page });
export const approvalsParams = z.strictObject({ approver: approver.optional(), ...range, ...page });
export const failuresParams = z.strictObject({ ...range, ...page });
export const pendingParams = z.strictObject({ ...page });
export const entriesParams = z.strictObject({ ...range, ...page });
export const exportParams = z.strictObject({
  format: z.enum(['csv', 'jsonl'], 'must be csv or jsonl').default('csv'),
  ...range,
  cursor: cursor.optional(),
});

export type ExecutionsParams = z.infer<typeof executionsParams>;
export type ApprovalsParams = z.infer<typeof approvalsParams>;
export type FailuresParams = z.infer<typeof failuresParams>;
export type PendingParams = z.infer<typeof pendingParams>;
export type EntriesParams = z.infer<typeof entriesParams>;
export type ExportParams = z.infer<typeof exportParams>;

/**
 * Parses raw edge input (query string, CLI flags) with one of the schemas above. `label` names a field the
 * way the caller's user knows it (`query parameter 'since'`, `--since`).
 * @throws PipegateError INVALID_REQUEST naming the first bad field and why
 * @example parseParams(executionsParams, { pipeline: 'prod-api', since: '7d' }, (field) => `--${field}`)
 */
export const parseParams = <T extends z.ZodType>(
  schema: T,
  raw: Record<string, unknown>,
  label: (field: string) => string = (field) => field,
): z.output<T> => {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const first = issues[0];
  if (first?.code === 'unrecognized_keys') {
    throw new PipegateError('INVALID_REQUEST', `unknown ${first.keys.map(label).join(', ')}`, {
      details: { issues: issues.map((issue) => issue.message) },
    });
  }
  const field = String(first?.path[0] ?? 'input');
  const value = raw[field];
  const shown = typeof value === 'string' ? ` "${value.slice(0, 100)}"` : '';
  throw new PipegateError(
    'INVALID_REQUEST',
    `invalid ${label(field)}${shown}: ${first?.message ?? 'invalid'}`,
    {
      details: { parameter: field },
    },
  );
};
