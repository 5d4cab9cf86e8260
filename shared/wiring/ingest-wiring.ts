import type { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SNSClient } from '@aws-sdk/client-sns';
import { createSnsMail } from '../adapters/sns/sns-mail';
import { parseLinkKeys } from '../approvals/link-keys';
import { isSecretUnavailable, type ParameterSource, parseSecret, resolveSecrets } from '../config/secrets';
import type { IngestDeps } from '../ingest/ingest-envelope';
import type { Log } from '../logging/log';
import type { OpsMetrics } from '../metrics/ops-metrics';
import { createLeftOutCards } from '../notify/left-out-cards';
import { once } from '../runtime/once';
import { rebuildOnChange } from '../runtime/rebuild-on-change';
import { loadPipelineParts } from './pipeline-parts';
import { afterIngestBatch, ingestReactions } from './reactions';
import { reportMissingSecret } from './report-missing-secret';
import { createChatForToken } from './slack-chat-for';

export interface IngestPorts {
  dynamodb: DynamoDBClient;
  sns: SNSClient;
  codepipeline: CodePipelineClient;
  parameters: ParameterSource;
  log: Log;
  /** CloudWatch metrics (EMF) for invalid events, outcomes, durations and delivery failures. */
  metrics?: OpsMetrics;
  environment?: Record<string, string | undefined>;
  now?: () => Date;
}

/** The only secrets ingest reads: Slack for cards and buttons, the link keys for email approval links. */
export const INGEST_SECRETS = ['slackBotToken', 'linkKeys'] as const;

/** An unreadable GitHub token parameter is asked for again after this long (the secrets' cache age). */
const GITHUB_TOKEN_RETRY_MS = 300_000;

/**
 * Wires the ingest function: the table's stores, SNS and CodePipeline (approval settings) once per
 * container; its secrets on every invocation, rebuilding the reactions only when one rotated.
 *
 * A secret its deploy lacks (parameter missing, not readable, malformed) does not fail the batch: that would
 * retry every event into the DLQ. History is still recorded (it needs no secret); the reactions are skipped
 * with one error line naming the parameter, and the events stay un-reacted, so a re-delivery of the same
 * event after the parameter exists finishes them (see docs/secrets.md).
 * @example const dependencies = createIngestWiring({ dynamodb, sns, codepipeline, parameters, log });
 */
export const createIngestWiring = (ports: IngestPorts): (() => Promise<IngestDeps>) => {
  const { log, parameters } = ports;
  const environment = ports.environment ?? process.env;
  const now = ports.now ?? (() => new Date());
  // A bad environment or routing file throws before any event is processed, and is retried next time.
  const container = once(async () => {
    return { ...loadPipelineParts(ports, environment, now), mail: createSnsMail(ports.sns) };
  });
  // A 60 s function: a priority card update may wait through several short Retry-Afters (see slack-chat).
  const chatFor = createChatForToken({ maxPriorityWaitSeconds: 8 });
  const linkKeysFrom = rebuildOnChange((value: string | undefined) =>
    value ? parseSecret('linkKeys', environment, () => parseLinkKeys(value)) : undefined,
  );
  // Per container, across secret rotations: card changes left out under Slack's rate limits.
  const leftOut = createLeftOutCards();
  const reactionsFor = rebuildOnChange(
    (
      parts: Awaited<ReturnType<typeof container>>,
      token: string | undefined,
      keys: string | undefined,
      githubToken: string | undefined,
    ) => {
      const reactionParts = {
        ...parts,
        chat: chatFor(token, parts.env.slackApiUrl),
        linkKeys: linkKeysFrom(keys),
        githubToken,
        log,
        now,
        metrics: ports.metrics,
        leftOut,
      };
      return { reactions: ingestReactions(reactionParts), afterBatch: afterIngestBatch(reactionParts) };
    },
  );
  /**
   * The GitHub token is optional and only adds commit lists: a parameter that cannot be read leaves them out
   * (the requests say so) instead of holding back every notification like a missing Slack token does. It is
   * asked again after the secrets' cache age, not on every batch, and logged once per attempt.
   */
  let githubUnreadableUntil = 0;
  const githubToken = async (): Promise<string | undefined> => {
    if (now().getTime() < githubUnreadableUntil) return undefined;
    try {
      return (await resolveSecrets(['githubToken'], environment, parameters)).githubToken;
    } catch (error) {
      if (!isSecretUnavailable(error)) throw error;
      githubUnreadableUntil = now().getTime() + GITHUB_TOKEN_RETRY_MS;
      log.warn('approval requests list no commits: the GitHub token is not readable', {
        errorMessage: error.message,
      });
      return undefined;
    }
  };

  return async () => {
    const parts = await container();
    const recordOnly: IngestDeps = { history: parts.stores.history, log, now, metrics: ports.metrics };
    try {
      const secrets = await resolveSecrets(INGEST_SECRETS, environment, parameters);
      const github = await githubToken();
      return {
        ...recordOnly,
        ...reactionsFor(parts, secrets.slackBotToken, secrets.linkKeys, github),
      };
    } catch (error) {
      if (!isSecretUnavailable(error)) throw error;
      reportMissingSecret(log, error, 'events are recorded but not notified; no approval is requested');
      // The summary keeps the keys of these events, so their re-delivery finishes the reactions.
      return { ...recordOnly, deferReactions: true };
    }
  };
};
