import type { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { accountNamer } from '../accounts/account-names';
import type { DecideDeps } from '../approvals/decide-approval';
import { type LinkKeys, parseLinkKeys } from '../approvals/link-keys';
import {
  type ParameterSource,
  parseSecret,
  resolveSecrets,
  type SecretName,
  type Secrets,
} from '../config/secrets';
import type { ChatPort } from '../delivery/chat-port';
import type { HistoryStore } from '../history/history-store';
import type { Log } from '../logging/log';
import { countingChat } from '../metrics/count-delivery-failures';
import { noMetrics, type OpsMetrics } from '../metrics/ops-metrics';
import { createApprovalAnnouncer } from '../notify/announce-approval';
import { once } from '../runtime/once';
import { rebuildOnChange } from '../runtime/rebuild-on-change';
import { loadPipelineParts } from './pipeline-parts';
import { createChatForToken } from './slack-chat-for';

export interface DecidePorts {
  dynamodb: DynamoDBClient;
  codepipeline: CodePipelineClient;
  parameters: ParameterSource;
  log: Log;
  /** CloudWatch metrics (EMF): every failed Slack post or update counts as `DeliveryFailure`. */
  metrics?: OpsMetrics;
  environment?: Record<string, string | undefined>;
  now?: () => Date;
}

/** What one invocation of a deciding function works with. */
export interface DecideWiring<N extends SecretName> {
  decide: DecideDeps;
  history: Pick<HistoryStore, 'getSummary'>;
  chat?: ChatPort;
  /** Parsed from the `linkKeys` secret when the function asked for it and it is configured. */
  linkKeys?: LinkKeys;
  /** Exactly the secrets this function asked for. */
  secrets: Pick<Secrets, N>;
  now: () => Date;
}

/**
 * Wires the decision use case shared by the Slack buttons and the email links: table stores and CodePipeline
 * once per container, the named secrets on every invocation (cheap: the parameter cache), the Slack client
 * rebuilt only when the bot token rotated. A secret the deploy lacks throws INVALID_CONFIG naming its
 * parameter: the HTTP error mapper answers 500 with one log line (a server fault, not the client's).
 * @example
 * const wiring = createDecideWiring({ dynamodb, codepipeline, parameters, log }, ['slackSigningSecret', 'slackBotToken']);
 * const { decide, secrets } = await wiring();
 */
export const createDecideWiring = <N extends SecretName>(
  ports: DecidePorts,
  secretNames: readonly N[],
): (() => Promise<DecideWiring<N>>) => {
  const { log, parameters } = ports;
  const environment = ports.environment ?? process.env;
  const now = ports.now ?? (() => new Date());
  const container = once(async () => {
    return loadPipelineParts(ports, environment, now);
  });
  const chatFor = createChatForToken();
  // Wrapped once per client (not per invocation), so the decision deps below are not rebuilt every time.
  const countedChat = rebuildOnChange((chat?: ChatPort) =>
    chat ? countingChat(chat, ports.metrics ?? noMetrics) : undefined,
  );
  const linkKeysFrom = rebuildOnChange((value: string | undefined) =>
    value ? parseSecret('linkKeys', environment, () => parseLinkKeys(value)) : undefined,
  );
  const decideFor = rebuildOnChange((parts: Awaited<ReturnType<typeof container>>, chat?: ChatPort) => {
    const { approvals, audit, store, history } = parts.stores;
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
    const decide: DecideDeps = {
      approvals,
      pipeline: parts.pipeline,
      audit,
      config: parts.config,
      chat,
      log,
      now,
      announce,
    };
    return decide;
  });

  return async () => {
    const parts = await container();
    const secrets = await resolveSecrets(secretNames, environment, parameters);
    const known: Secrets = secrets;
    const chat = countedChat(chatFor(known.slackBotToken, parts.env.slackApiUrl));
    const linkKeys = linkKeysFrom(known.linkKeys);
    return { decide: decideFor(parts, chat), history: parts.stores.history, chat, linkKeys, secrets, now };
  };
};
