import { accountNamer } from '../accounts/account-names';
import { createGitHubCompare } from '../adapters/github/github-compare';
import type { LinkKeys } from '../approvals/link-keys';
import type { PipelinePort } from '../approvals/pipeline-port';
import { createReconcileApprovalReaction } from '../approvals/reconcile-approval';
import type { EarlierExecutions, ExecutionRevisions } from '../changes/change-ports';
import { createChangeSummariser } from '../changes/summarise-changes';
import type { PipegateConfig } from '../config/pipegate-config';
import type { RuntimeEnv } from '../config/runtime-env';
import type { ChatPort } from '../delivery/chat-port';
import type { MailPort } from '../delivery/mail-port';
import type { Reaction } from '../history/reaction';
import type { Log } from '../logging/log';
import { createCloudWatchReaction } from '../metrics/cloudwatch-reaction';
import { countingChat, countingMail } from '../metrics/count-delivery-failures';
import { noMetrics, type OpsMetrics } from '../metrics/ops-metrics';
import { createRollupReaction } from '../metrics/rollup-reaction';
import { createApprovalAnnouncer } from '../notify/announce-approval';
import type { LeftOutCards } from '../notify/left-out-cards';
import { createNotifyReaction } from '../notify/notify-execution';
import { createRequestApprovalReaction } from '../notify/request-approval';
import { showLeftOutCards } from '../notify/show-left-out-cards';
import type { TableStores } from './table-stores';

/** What the reactions to a recorded event are built from. */
export interface ReactionParts {
  env: RuntimeEnv;
  config: PipegateConfig;
  stores: TableStores;
  mail: MailPort;
  chat?: ChatPort;
  log: Log;
  now: () => Date;
  /** CloudWatch metrics (EMF); none when left out. */
  metrics?: OpsMetrics;
  /** Per container: cards whose change gave way to Slack's rate limits (ingest shows them after each batch). */
  leftOut?: LeftOutCards;
}

/** Failed Slack and SNS deliveries are counted (DeliveryFailure) wherever reactions send. */
const counted = (parts: ReactionParts): ReactionParts => {
  const metrics = parts.metrics ?? noMetrics;
  return {
    ...parts,
    mail: countingMail(parts.mail, metrics),
    ...(parts.chat ? { chat: countingChat(parts.chat, metrics) } : {}),
  };
};

/** The delivery rollup and the CloudWatch metrics of final states: after notifications, never before. */
const metricsReactions = (parts: ReactionParts): Reaction[] => [
  createRollupReaction({ rollups: parts.stores.rollups, log: parts.log }),
  createCloudWatchReaction({
    metrics: parts.metrics ?? noMetrics,
    production: parts.config.metrics?.production ?? [],
  }),
];

/** What every card-keeping piece reads and writes with (counted Slack, the table's stores, the clock). */
const cardParts = (parts: ReactionParts) => {
  const { config, stores, chat, log, now } = counted(parts);
  const { approvals, store, history } = stores;
  return { chat, store, approvals, history, log, now, accountName: accountNamer(config.accounts) };
};

const notifyAndReconcile = (parts: ReactionParts): { notify: Reaction; reconcile: Reaction } => {
  const { config, stores, mail } = counted(parts);
  const cards = cardParts(parts);
  const announce = createApprovalAnnouncer({ ...cards, freezes: config.freezes });
  return {
    notify: createNotifyReaction({ ...cards, config, mail, leftOut: parts.leftOut }),
    reconcile: createReconcileApprovalReaction({
      approvals: cards.approvals,
      audit: stores.audit,
      log: cards.log,
      now: cards.now,
      announce,
    }),
  };
};

/**
 * What the sweeper's catch-up of a lost pipeline-level state needs: cards and emails, and approvals closed.
 * Approval requests react only to an approval action starting, which a catch-up never is.
 */
export const catchUpReactions = (parts: ReactionParts): Reaction[] => {
  const { notify, reconcile } = notifyAndReconcile(parts);
  return [notify, reconcile, ...metricsReactions(parts)];
};

/**
 * Every reaction ingest runs: notifications, approval requests (Slack buttons, signed email links — hence
 * the link keys and the pipeline's approval settings) and reconciliation, in that order: a pending approval
 * is recorded before an outside decision can close it.
 */
export const ingestReactions = (
  parts: ReactionParts & {
    linkKeys?: LinkKeys;
    pipeline: Pick<PipelinePort, 'approvalSettings'>;
    /** Change summaries in approval requests; the GitHub token (optional) adds the commit lists. */
    revisions?: ExecutionRevisions;
    earlier?: EarlierExecutions;
    githubToken?: string;
  },
): Reaction[] => {
  const { notify, reconcile } = notifyAndReconcile(parts);
  const { config, stores, mail, chat, log, now, env, linkKeys, pipeline } = { ...parts, ...counted(parts) };
  const { earlier, revisions, githubToken } = parts;
  const changes = earlier
    ? createChangeSummariser({
        earlier,
        pipeline: revisions,
        commits: githubToken
          ? createGitHubCompare({ token: githubToken, apiUrl: env.githubApiUrl })
          : undefined,
        log,
      })
    : undefined;
  const request = createRequestApprovalReaction({
    config,
    ...stores,
    chat,
    mail,
    linkKeys,
    pipeline,
    publicUrl: env.publicUrl,
    topicArn: env.topicArn,
    log,
    now,
    accountName: accountNamer(config.accounts),
    changes,
  });
  return [notify, request, reconcile, ...metricsReactions(parts)];
};

/**
 * What ingest runs after each batch: shows the cards whose change gave way to Slack's rate limits (see
 * showLeftOutCards). Nothing without a Slack token or a memory of left-out cards.
 */
export const afterIngestBatch = (parts: ReactionParts): (() => Promise<void>) | undefined => {
  const { chat, ...cards } = cardParts(parts);
  const { leftOut } = parts;
  if (!chat || !leftOut) return undefined;
  return () => showLeftOutCards({ ...cards, chat, leftOut });
};
