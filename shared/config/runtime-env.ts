import * as z from 'zod';
import { DEFAULT_CHAIN_LANES, MAX_CHAIN_LANES } from '../audit/chain/chain-lanes';
import { PipegateError } from '../errors';
import { formatZodIssues } from '../validation/format-zod-issues';
import { DEFAULT_RETENTION, type Retention } from './retention';

const days = z.coerce.number().int().min(1).max(36_500).optional();

const envSchema = z.object({
  PIPEGATE_TABLE: z.string().min(1, 'PIPEGATE_TABLE must name the DynamoDB table'),
  PIPEGATE_HISTORY_RETENTION_DAYS: days,
  PIPEGATE_AUDIT_RETENTION_DAYS: days,
  PIPEGATE_AUDIT_CHAIN_LANES: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_CHAIN_LANES)
    .default(DEFAULT_CHAIN_LANES),
  PIPEGATE_PUBLIC_URL: z.url().default('http://localhost:3000'),
  PIPEGATE_TOPIC_ARN: z.string().min(1).optional(),
  SLACK_API_URL: z.url().optional(),
  GITHUB_API_URL: z.url().optional(),
});

export interface RuntimeEnv {
  tableName: string;
  /** Retention from the environment, the defaults filled in (the config file's values win over defaults). */
  retention: Retention;
  /** Only what the environment set explicitly: it overrides the config file. */
  retentionOverrides: Partial<Retention>;
  /** How many chains (lanes) each day's audit trail is split into (docs/audit.md, Lanes). */
  auditChainLanes: number;
  /** Base URL of the HTTP API, for links in messages (no trailing slash). */
  publicUrl: string;
  topicArn?: string;
  slackApiUrl?: string;
  /** GitHub's API base (GitHub Enterprise, or the local stand-in); https://api.github.com when unset. */
  githubApiUrl?: string;
}

/**
 * Reads the settings every function needs from the environment.
 * @throws PipegateError INVALID_CONFIG naming the variable and why
 */
export const readRuntimeEnv = (env: NodeJS.ProcessEnv = process.env): RuntimeEnv => {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const why = formatZodIssues(parsed.error.issues).join('; ');
    throw new PipegateError('INVALID_CONFIG', `invalid environment: ${why}`);
  }
  return {
    tableName: parsed.data.PIPEGATE_TABLE,
    retention: {
      historyDays: parsed.data.PIPEGATE_HISTORY_RETENTION_DAYS ?? DEFAULT_RETENTION.historyDays,
      auditDays: parsed.data.PIPEGATE_AUDIT_RETENTION_DAYS ?? DEFAULT_RETENTION.auditDays,
    },
    retentionOverrides: {
      ...(parsed.data.PIPEGATE_HISTORY_RETENTION_DAYS
        ? { historyDays: parsed.data.PIPEGATE_HISTORY_RETENTION_DAYS }
        : {}),
      ...(parsed.data.PIPEGATE_AUDIT_RETENTION_DAYS
        ? { auditDays: parsed.data.PIPEGATE_AUDIT_RETENTION_DAYS }
        : {}),
    },
    auditChainLanes: parsed.data.PIPEGATE_AUDIT_CHAIN_LANES,
    publicUrl: parsed.data.PIPEGATE_PUBLIC_URL.replace(/\/+$/, ''),
    topicArn: parsed.data.PIPEGATE_TOPIC_ARN,
    slackApiUrl: parsed.data.SLACK_API_URL,
    githubApiUrl: parsed.data.GITHUB_API_URL,
  };
};
