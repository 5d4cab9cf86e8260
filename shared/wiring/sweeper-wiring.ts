import type { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SNSClient } from '@aws-sdk/client-sns';
import { accountNamer } from '../accounts/account-names';
import { anchorChainDay } from '../adapters/dynamodb/audit-chain-anchor';
import { expiresAt } from '../adapters/dynamodb/keys';
import { createDynamoRollupReader } from '../adapters/dynamodb/rollup-store';
import { createSnsMail } from '../adapters/sns/sns-mail';
import { type LinkKeys, parseLinkKeys } from '../approvals/link-keys';
import type { AnchorDeps } from '../audit/chain/anchor-days';
import type { SweepExecutionsDeps } from '../catch-up/sweep-executions';
import { isSecretUnavailable, type ParameterSource, parseSecret, resolveSecrets } from '../config/secrets';
import type { ChatPort } from '../delivery/chat-port';
import type { Log } from '../logging/log';
import type { NoticeSlowStagesDeps } from '../metrics/notice-slow-stages';
import { noMetrics, type OpsMetrics } from '../metrics/ops-metrics';
import { createApprovalAnnouncer } from '../notify/announce-approval';
import type { SweepDeps } from '../notify/sweep-approvals';
import { once } from '../runtime/once';
import { rebuildOnChange } from '../runtime/rebuild-on-change';
import { loadPipelineParts } from './pipeline-parts';
import { catchUpReactions } from './reactions';
import { reportMissingSecret } from './report-missing-secret';
import { createChatForToken } from './slack-chat-for';

export interface SweeperPorts {
  dynamodb: DynamoDBClient;
  sns: SNSClient;
  codepipeline: CodePipelineClient;
  parameters: ParameterSource;
  log: Log;
  metrics?: OpsMetrics;
  environment?: Record<string, string | undefined>;
  now?: () => Date;
}

/** What one sweep works with. */
export interface SweeperWiring {
  approvals: SweepDeps;
  executions: SweepExecutionsDeps;
  /** Closes the audit hash chain of each day that is over (the daily anchor). */
  anchorAudit: AnchorDeps;
  /** Running stages slower than their p90 × `metrics.slowStageFactor`: one note in the run's thread. */
  slowStages: NoticeSlowStagesDeps;
}

/** The sweeper's required secret: the bot token, for reminders and for cards a catch-up changes. */
export const SWEEPER_SECRETS = ['slackBotToken'] as const;
/** Optional: the link keys, to sign fresh links in reminder emails. */
export const SWEEPER_OPTIONAL_SECRETS = ['linkKeys'] as const;

/**
 * Wires the scheduled sweeper. Its secret is resolved on every run; without it (the deploy lacks the
 * parameter) the run is skipped with one error line naming the parameter — undefined — rather than half
 * done (expiring approvals whose Slack cards then never change); the next run, five minutes later, retries.
 * @example const wiring = createSweeperWiring({ dynamodb, sns, codepipeline, parameters, log });
 */
export const createSweeperWiring = (ports: SweeperPorts): (() => Promise<SweeperWiring | undefined>) => {
  const { log, parameters } = ports;
  const environment = ports.environment ?? process.env;
  const now = ports.now ?? (() => new Date());
  const container = once(async () => {
    return { ...loadPipelineParts(ports, environment, now), mail: createSnsMail(ports.sns) };
  });
  // A 120 s function: a priority card update may wait through several short Retry-Afters (see slack-chat).
  const chatFor = createChatForToken({ maxPriorityWaitSeconds: 8 });
  const linkKeysFrom = rebuildOnChange((value: string | undefined) =>
    value ? parseSecret('linkKeys', environment, () => parseLinkKeys(value)) : undefined,
  );
  /**
   * The link keys sign fresh links in reminder emails; without them (parameter missing or malformed) the
   * reminders point at the request email's links and the rest of the sweep runs — one error line says so.
   */
  const optionalLinkKeys = async (): Promise<LinkKeys | undefined> => {
    try {
      const { linkKeys } = await resolveSecrets(SWEEPER_OPTIONAL_SECRETS, environment, parameters);
      return linkKeysFrom(linkKeys);
    } catch (error) {
      if (!isSecretUnavailable(error)) throw error;
      reportMissingSecret(log, error, "reminder emails point at the request email's links");
      return undefined;
    }
  };
  const wiringFor = rebuildOnChange((parts: Awaited<ReturnType<typeof container>>, chat?: ChatPort) => {
    const { approvals, audit, store, history } = parts.stores;
    const { pipeline } = parts;
    const accountName = accountNamer(parts.config.accounts);
    const announce = createApprovalAnnouncer({
      chat,
      store,
      approvals,
      history,
      log,
      now,
      accountName,
      freezes: parts.config.freezes,
    });
    const reactions = catchUpReactions({ ...parts, chat, log, now, metrics: ports.metrics });
    const retention = { ...parts.config.retention, ...parts.env.retentionOverrides };
    const rollups = createDynamoRollupReader({ client: ports.dynamodb, tableName: parts.env.tableName });
    const metrics = ports.metrics ?? noMetrics;
    return {
      approvals: {
        config: parts.config,
        approvals,
        pipeline,
        audit,
        store,
        chat,
        mail: parts.mail,
        topicArn: parts.env.topicArn,
        log,
        now,
        announce,
      },
      executions: { ingest: { history, log, now, reactions }, pipeline, audit, store, now },
      anchorAudit: {
        closeDay: (day: string, at: string) =>
          anchorChainDay(ports.dynamodb, parts.env.tableName, {
            day,
            at,
            expiresAt: expiresAt(now(), retention.auditDays),
            lanes: parts.env.auditChainLanes,
          }),
        now,
      },
      slowStages: { history, rollups, chat, store, config: parts.config, metrics, log, now },
    };
  });

  return async () => {
    const parts = await container();
    try {
      const { slackBotToken } = await resolveSecrets(SWEEPER_SECRETS, environment, parameters);
      const wiring = wiringFor(parts, chatFor(slackBotToken, parts.env.slackApiUrl));
      const linkKeys = await optionalLinkKeys();
      return linkKeys
        ? { ...wiring, approvals: { ...wiring.approvals, linkKeys, publicUrl: parts.env.publicUrl } }
        : wiring;
    } catch (error) {
      if (!isSecretUnavailable(error)) throw error;
      reportMissingSecret(log, error, 'the sweep is skipped');
      return undefined;
    }
  };
};
