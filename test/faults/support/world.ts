import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LocalStack } from '../../../local/stack';
import { parsePipelineEvent } from '../../../shared/events/normalise-event';
import type { ExecutionSummary } from '../../../shared/history/execution-summary';
import { semanticKey } from '../../../shared/history/semantic-key';
import { itemsUnder, recordedEvents } from '../../integration/support/table-items';

/** What one execution left in the world: the figures every fault scenario asserts on. */
export interface ExecutionWorld {
  /** Semantic events delivered but neither in the history nor in the DLQ / an error item. */
  lost: string[];
  /** Semantic events the history holds more than once (as the timeline reads it). */
  duplicateHistory: string[];
  /** Slack messages posted more than once (same channel, thread and first text). */
  duplicateMessages: string[];
  /** Emails published more than once (same subject, body and recipient). */
  duplicateEmails: string[];
  /**
   * At-most-once marks left `sending` with nothing out to show for them (a crash between a claim and its
   * send's answer): counted and listed, never re-sent. A delivered reply or email whose `sent` mark ingest
   * held until its summary save also stays `sending`; those are matched to what Slack and SNS received.
   */
  stuckSending: string[];
  messages: number;
  emails: number;
  /** What was sent, ids and names replaced: comparable with a clean run's. */
  sent: string[];
  /** The summary with the execution's own ids replaced, to compare with a clean run's. */
  summary: string | undefined;
}

const duplicatesOf = (keys: string[]): string[] => {
  const seen = new Set<string>();
  return keys.filter((key) => {
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  });
};

type Item = Record<string, unknown>;

/** The mark's semantic key: its sort key after `~NOTIFY#<target>#`. */
const markKey = (item: Item): string => String(item.sk).slice(`~NOTIFY#${String(item.target)}#`.length);

/**
 * The `sending` marks nothing delivered accounts for. A thread reply carries its delivery key to Slack
 * (metadata), so it is matched exactly; an execution email is matched by its level and state (attributes),
 * by count: of a level and state's marks that are not settled otherwise, as many as emails went out are.
 */
const unsentMarks = (
  executionId: string,
  marks: Item[],
  replyKeys: Set<unknown>,
  emails: { attributes: Record<string, { StringValue?: string }> }[],
): string[] => {
  const emailsLeft = new Map<string, number>();
  for (const email of emails) {
    const kind = `${email.attributes.level?.StringValue}#${email.attributes.state?.StringValue}`;
    emailsLeft.set(kind, (emailsLeft.get(kind) ?? 0) + 1);
  }
  const kindOf = (item: Item): string => {
    const [level, , , state] = markKey(item).split('#');
    return `${level}#${state}`;
  };
  // Marks written `sent` account for their emails first.
  for (const mark of marks.filter(
    (item) => item.state === 'sent' && String(item.target).startsWith('sns:'),
  )) {
    emailsLeft.set(kindOf(mark), (emailsLeft.get(kindOf(mark)) ?? 0) - 1);
  }
  return marks
    .filter((item) => item.state === 'sending')
    .filter((item) => {
      const target = String(item.target);
      if (target.startsWith('slack:')) return !replyKeys.has(`${executionId}/${target}/${markKey(item)}`);
      const left = emailsLeft.get(kindOf(item)) ?? 0;
      emailsLeft.set(kindOf(item), left - 1);
      return left <= 0;
    })
    .map((item) => String(item.sk));
};

/** The summary as a comparable string: ids replaced, the dedupe digests (which hash the id) left out. */
/** JSON with object keys sorted, so key order (which arrival order decides) does not count. */
const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, inner]) => [key, canonical(inner)]),
    );
  }
  return value;
};

export const comparableSummary = (summary: ExecutionSummary | undefined): string | undefined => {
  if (!summary) return undefined;
  // Deferred reactions are bookkeeping, not what the run did; the window of recent events depends on the
  // order they came in (history completeness is checked against the envelopes instead, see `lost`).
  const { unreacted: _unreacted, recentEvents: _recent, eventPages: _pages, ...rest } = summary;
  const id = summary.executionId;
  return JSON.stringify(canonical(rest))
    .replaceAll(id, '<execution>')
    .replaceAll(id.slice(0, 8), '<exec8>')
    .replaceAll(`"${summary.pipeline}"`, '"<pipeline>"');
};

/**
 * Reads what an execution left behind: history rows against the envelopes delivered (minus what went to the
 * DLQ), Slack messages and emails about its pipeline, delivery marks, and the summary.
 */
export const worldOf = async (
  stack: LocalStack,
  input: {
    executionId: string;
    pipeline: string;
    envelopes: Record<string, unknown>[];
    dlq?: unknown[];
    /** Reads the table past any fault proxy. */
    client?: DynamoDBClient;
  },
): Promise<ExecutionWorld> => {
  const table = stack.env.PIPEGATE_TABLE as string;
  const items = await itemsUnder(input.client ?? stack.dynamodb, table, `EXEC#${input.executionId}`);
  const summaryItem = items.find((item) => item.kind === 'summary');
  const history = recordedEvents(items).map((entry) => entry.key);
  const stored = new Set(history);
  const inDlq = new Set((input.dlq ?? []).map((body) => JSON.stringify(body)));
  const lost = input.envelopes
    .filter((envelope) => !inDlq.has(JSON.stringify(envelope)))
    .map((envelope) => semanticKey(parsePipelineEvent(envelope)))
    .filter((key) => !stored.has(key));
  const card = stack.slack
    .messages()
    .filter(
      (message) =>
        !message.thread_ts && String(message.history[0]?.text ?? message.text).includes(input.pipeline),
    );
  const cardTs = new Set(card.map((message) => message.ts));
  const thread = stack.slack
    .messages()
    .filter((message) => message.thread_ts && cardTs.has(message.thread_ts));
  const messageKeys = [...card, ...thread].map(
    (message) => `${message.channel}|${message.thread_ts ?? '-'}|${message.history[0]?.text ?? message.text}`,
  );
  const emails = stack.sns
    .publishes()
    .filter(
      (publish) => publish.message.includes(input.executionId) || publish.message.includes(input.pipeline),
    );
  const emailKeys = emails.map(
    (publish) => `${publish.subject}|${publish.attributes.recipient?.StringValue ?? '*'}|${publish.message}`,
  );
  return {
    lost,
    duplicateHistory: duplicatesOf(history),
    duplicateMessages: duplicatesOf(messageKeys),
    duplicateEmails: duplicatesOf(emailKeys),
    stuckSending: unsentMarks(
      input.executionId,
      items.filter((item) => item.kind === 'delivery'),
      new Set(thread.map((message) => message.metadata?.event_payload.key)),
      emails,
    ),
    messages: messageKeys.length,
    emails: emailKeys.length,
    // Identity, not wording: a notification rendered after more events arrived says more, which is fine.
    sent: [
      ...card.map((message) => `slack card ${message.channel}`),
      ...thread.map(
        (message) =>
          `slack reply ${message.channel} ${message.history[0]?.text?.includes(` of ${input.pipeline}`) ? 'action' : 'run'}`,
      ),
      ...emails.map(
        (publish) =>
          `email ${publish.attributes.recipient?.StringValue ?? 'ops'} ${/FAILED in \S+\//.test(publish.subject ?? '') ? 'action' : 'run'}`,
      ),
    ].sort(),
    summary: comparableSummary(
      summaryItem ? (JSON.parse(String(summaryItem.summary)) as ExecutionSummary) : undefined,
    ),
  };
};
