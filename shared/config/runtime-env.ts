import * as z from 'zod';
import { PipegateError } from '../errors';
import { DEFAULT_RETENTION, type Retention } from './retention';

const days = (fallback: number) => z.coerce.number().int().min(1).max(36_500).default(fallback);

const envSchema = z.object({
  PIPEGATE_TABLE: z.string().min(1, 'PIPEGATE_TABLE must name the DynamoDB table'),
  PIPEGATE_HISTORY_RETENTION_DAYS: days(DEFAULT_RETENTION.historyDays),
  PIPEGATE_AUDIT_RETENTION_DAYS: days(DEFAULT_RETENTION.auditDays),
});

export interface RuntimeEnv {
  tableName: string;
  retention: Retention;
}

/**
 * Reads the settings every function needs from the environment.
 * @throws PipegateError INVALID_CONFIG naming the variable and why
 */
export const readRuntimeEnv = (env: NodeJS.ProcessEnv = process.env): RuntimeEnv => {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const why = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new PipegateError('INVALID_CONFIG', `invalid environment: ${why}`);
  }
  return {
    tableName: parsed.data.PIPEGATE_TABLE,
    retention: {
      historyDays: parsed.data.PIPEGATE_HISTORY_RETENTION_DAYS,
      auditDays: parsed.data.PIPEGATE_AUDIT_RETENTION_DAYS,
    },
  };
};
