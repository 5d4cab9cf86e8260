import type { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SNSClient } from '@aws-sdk/client-sns';
import { createCodePipelinePort } from '../adapters/codepipeline/codepipeline-pipeline';
import { createDynamoApprovalStore } from '../adapters/dynamodb/approval-store';
import { anchorChainDay } from '../adapters/dynamodb/audit-chain-head';
import { createDynamoAuditTrail } from '../adapters/dynamodb/audit-store';
import { createDynamoHistoryStore } from '../adapters/dynamodb/history-store';
import { expiresAt } from '../adapters/dynamodb/keys';
import { createDynamoNotificationStore } from '../adapters/dynamodb/notification-store';
import { createDynamoRollupStore } from '../adapters/dynamodb/rollup-store';
import { createSlackChat, createSlackWebClient } from '../adapters/slack/slack-chat';
import { createSnsMail } from '../adapters/sns/sns-mail';
import { createApprovalAnnouncer } from '../approvals/announce-approval';
import type { DecideDeps } from '../approvals/decide-approval';
import { type LinkKeys, parseLinkKeys } from '../approvals/link-keys';
import { createReconcileApprovalReaction } from '../approvals/reconcile-approval';
import { createRequestApprovalReaction } from '../approvals/request-approval';
import type { SweepDeps } from '../approvals/sweep-approvals';
import type { AnchorDeps } from '../audit/chain/anchor-days';
import { configFromEnv } from '../config/load-config';
import type { PipegateConfig } from '../config/pipegate-config';
import { type RuntimeEnv, readRuntimeEnv } from '../config/runtime-env';
import { type ParameterSource, resolveSecrets } from '../config/secrets';
import type { SweepExecutionsDeps } from '../history/sweep-executions';
import type { IngestDeps } from '../ingest/ingest-envelope';
import type { Log } from '../logging/log';
import { createCloudWatchReaction } from '../metrics/cloudwatch-reaction';
import { countingChat, countingMail } from '../metrics/count-delivery-failures';
import { noMetrics, type OpsMetrics } from '../metrics/ops-metrics';
import { createRollupReaction } from '../metrics/rollup-reaction';
import type { ChatPort } from '../notify/chat-port';
import { createNotifyReaction } from '../notify/notify-execution';

export interface ServiceClients {
  dynamodb: DynamoDBClient;
  sns: SNSClient;
  codepipeline: CodePipelineClient;
  parameters: ParameterSource;
}

/** Everything a pipegate function needs, wired once per cold start from the environment. */
export interface Service {
  env: RuntimeEnv;
  config: PipegateConfig;
  log: Log;
  now: () => Date;
  metrics: OpsMetrics;
  chat?: ChatPort;
  linkKeys?: LinkKeys;
  slackSigningSecret?: string;
  ingest: IngestDeps;
  decide: DecideDeps;
  sweep: SweepDeps;
  sweepExecutions: SweepExecutionsDeps;
  /** Closes the audit hash chain of each day that is over (the daily anchor). */
  anchorAudit: AnchorDeps;
}

/**
 * Builds the service graph: adapters over the given clients, the routing/policy config, and the
 * reactions ingest runs (notifications, approval requests, reconciliation).
 */
export const createService = async (
  clients: ServiceClients,
  log: Log,
  environment: Record<string, string | undefined> = process.env,
  metrics: OpsMetrics = noMetrics,
): Promise<Service> => {
  const env = readRuntimeEnv(environment);
  const config = configFromEnv(environment);
  const secrets = await resolveSecrets(environment, clients.parameters);
  const now = () => new Date();
  const retention = { ...config.retention, ...env.retentionOverrides };
  const base = { client: clients.dynamodb, tableName: env.tableName, retention, now };
  const history = createDynamoHistoryStore(base);
  const approvals = createDynamoApprovalStore(base);
  const store = createDynamoNotificationStore(base);
  const audit = createDynamoAuditTrail(base);
  const chat = secrets.slackBotToken
    ? countingChat(
        createSlackChat(createSlackWebClient({ token: secrets.slackBotToken, apiUrl: env.slackApiUrl })),
        metrics,
      )
    : undefined;
  const mail = countingMail(createSnsMail(clients.sns), metrics);
  const linkKeys = secrets.linkKeys ? parseLinkKeys(secrets.linkKeys) : undefined;
  const pipeline = createCodePipelinePort(clients.codepipeline);
  const announce = createApprovalAnnouncer({ chat, store, approvals, history, log, now });
  const reactions = [
    createNotifyReaction({ config, chat, mail, store, approvals, history, log, now }),
    createRequestApprovalReaction({
      config,
      approvals,
      audit,
      chat,
      mail,
      store,
      history,
      linkKeys,
      pipeline,
      publicUrl: env.publicUrl,
      topicArn: env.topicArn,
      log,
      now,
    }),
    createReconcileApprovalReaction({ approvals, audit, log, now, announce }),
    createRollupReaction({ rollups: createDynamoRollupStore(base), log }),
    createCloudWatchReaction({ metrics, production: config.metrics?.production ?? [] }),
  ];
  return {
    env,
    config,
    log,
    now,
    metrics,
    chat,
    linkKeys,
    slackSigningSecret: secrets.slackSigningSecret,
    ingest: { history, log, now, reactions, metrics },
    sweepExecutions: { ingest: { history, log, now, reactions, metrics }, pipeline, audit, store, now },
    sweep: { approvals, pipeline, audit, store, chat, log, now, announce },
    anchorAudit: {
      closeDay: (day, at) =>
        anchorChainDay(clients.dynamodb, env.tableName, day, at, expiresAt(now(), retention.auditDays)),
      now,
    },
    decide: {
      approvals,
      pipeline,
      audit,
      config,
      chat,
      log,
      now,
      announce,
    },
  };
};
