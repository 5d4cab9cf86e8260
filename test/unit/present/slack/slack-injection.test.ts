import type { ApprovalRecord } from '../../../../shared/approvals/approval-record';
import { PipegateError } from '../../../../shared/errors';
import { parsePipelineEvent } from '../../../../shared/events/normalise-event';
import { actionOf, type PipelineEvent, stageOf } from '../../../../shared/events/pipeline-event';
import { renderApprovalEmail } from '../../../../shared/present/email/approval-email';
import { renderExecutionEmail } from '../../../../shared/present/email/execution-email';
import {
  renderApprovalOutcome,
  renderApprovalRequest,
} from '../../../../shared/present/slack/approval-message';
import { renderExecutionCard } from '../../../../shared/present/slack/execution-card';
import {
  renderExecutionEndedReply,
  renderExecutionFailedReply,
  renderFailureReply,
} from '../../../../shared/present/slack/failure-reply';
import { refusalMrkdwn } from '../../../../shared/present/text/explain-refusal';
import { listFixtures, loadExecution, loadFixture } from '../../../support/fixtures';
import { pendingApproval, replayEvents } from '../summaries';

/** Everything Slack treats as a control sequence, plus backticks to try to break out of code spans. */
const ATTACKS = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@U0ATTACK1>',
  '<!subteam^S0ATTACK>',
  '<https://evil.example/x|log>',
  '`<!channel>`',
];
const PAYLOAD = ` ${ATTACKS.join(' ')} `;
/**
 * One of the injected sequences left live: a mention, a special command or a link to the attacker's host.
 * (The attacker's text percent-encoded inside a link to the AWS console is inert, and stays allowed.)
 */
const CONTROL = /<(?:!channel|!here|!everyone|@U0ATTACK1|!subteam\^S0ATTACK|https?:\/\/evil\.example)/i;

/** Every text Slack parses as mrkdwn: message `text` and block texts, not `plain_text` objects. */
const mrkdwnTexts = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.flatMap(mrkdwnTexts);
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  if (record.type === 'plain_text') return [];
  const own = typeof record.text === 'string' ? [record.text] : [];
  return [...own, ...Object.values(record).flatMap(mrkdwnTexts)];
};

/** Paths of every string leaf of a JSON value. */
const stringPaths = (value: unknown, path: string[] = []): string[][] => {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringPaths(item, [...path, String(i)]));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => stringPaths(item, [...path, key]));
  return [];
};

const withPayload = (value: unknown, path: readonly string[], payload: string): unknown => {
  const [head, ...rest] = path;
  if (head === undefined) return `${String(value)}${payload}`;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string, unknown>;
  copy[head] = withPayload(copy[head], rest, payload);
  return copy;
};

const parses = (envelope: unknown): boolean => {
  try {
    parsePipelineEvent(envelope as Record<string, unknown>);
    return true;
  } catch {
    return false;
  }
};

/**
 * The envelope with the payload appended to every string field the parser still accepts that way (fields it
 * validates, like state or ids, refuse it and so can never carry text to Slack).
 */
const poisoned = (envelope: Record<string, unknown>): { event: PipelineEvent; fields: number } => {
  let current: unknown = envelope;
  let fields = 0;
  for (const path of stringPaths(envelope)) {
    const next = withPayload(current, path, PAYLOAD);
    if (parses(next)) {
      current = next;
      fields += 1;
    }
  }
  return { event: parsePipelineEvent(current as Record<string, unknown>), fields };
};

const FIXTURE_SETS: Array<[string, Record<string, unknown>[]]> = [
  ['prod-api-success', loadExecution('prod-api-success')],
  ['prod-api-build-failed', loadExecution('prod-api-build-failed')],
  ...listFixtures('codepipeline').map((file): [string, Record<string, unknown>[]] => [
    file,
    [loadFixture(file)],
  ]),
];

const approvalFrom = (event: PipelineEvent, overrides: Partial<ApprovalRecord> = {}): ApprovalRecord =>
  pendingApproval({
    pipeline: event.pipeline,
    executionId: event.executionId,
    stage: stageOf(event) ?? `Approval${PAYLOAD}`,
    action: actionOf(event) ?? `ManualApproval${PAYLOAD}`,
    trigger: event.level === 'pipeline' ? event.trigger : undefined,
    customData: `Check${PAYLOAD}`,
    reviewUrl: `https://review.example/x${PAYLOAD}`,
    ...overrides,
  });

/** Every Slack text pipegate renders from these events: card, replies, approval request and outcomes. */
const slackTexts = (events: PipelineEvent[]): string[] => {
  const summary = replayEvents(events);
  const last = events[events.length - 1] as PipelineEvent;
  const approval = approvalFrom(last);
  const decider = { id: 'x', name: `Mallory${PAYLOAD}`, email: `m${PAYLOAD}@example.com` };
  const messages = [
    renderExecutionCard(summary, { approvals: [approval], now: new Date('2026-11-20T12:00:00Z') }),
    renderExecutionCard(summary, {
      approvals: [approvalFrom(last, { status: 'approved', decidedBy: decider })],
    }),
    ...(last.level === 'action' ? [renderFailureReply(summary, last, { mentions: [] })] : []),
    renderExecutionFailedReply(summary),
    renderExecutionEndedReply(summary),
    renderApprovalRequest(approval, summary, {
      customData: approval.customData,
      reviewUrl: approval.reviewUrl,
    }),
    ...(['approved', 'rejected', 'completed-outside', 'expired', 'abandoned'] as const).map((status) =>
      renderApprovalOutcome(
        approvalFrom(last, { status, decidedBy: decider, decision: 'Approved', comment: `ok${PAYLOAD}` }),
      ),
    ),
  ];
  const refusal = new PipegateError('ALREADY_DECIDED', 'decided', {
    details: { decidedBy: decider.name, decision: 'Approved', decidedAt: '2026-11-20T12:00:00Z' },
  });
  return [
    ...messages.flatMap((message) => [message.text, ...mrkdwnTexts(message.blocks)]),
    refusalMrkdwn(refusal),
  ];
};

describe('one mrkdwn escape for every Slack text', () => {
  it.each(FIXTURE_SETS)('%s: no injected control sequence reaches any rendered text', (_name, envelopes) => {
    // Prepare
    const results = envelopes.map(poisoned);
    const events = results.map((result) => result.event);

    // Act
    const texts = slackTexts(events);

    // Assess
    expect(results.reduce((sum, result) => sum + result.fields, 0)).toBeGreaterThan(0);
    expect(texts.join('\n')).toContain('&lt;!channel&gt;');
    expect(texts.filter((text) => CONTROL.test(text))).toEqual([]);
  });

  it('escapes inside error-code spans on the execution card (finding 3)', () => {
    // Prepare
    const envelopes = loadExecution('prod-api-build-failed');
    const events = envelopes.map((envelope) =>
      parsePipelineEvent(
        withPayload(envelope, ['detail', 'execution-result', 'error-code'], PAYLOAD) as Record<
          string,
          unknown
        >,
      ),
    );

    // Act
    const card = renderExecutionCard(replayEvents(events));

    // Assess
    const text = mrkdwnTexts(card.blocks).join('\n');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).not.toMatch(CONTROL);
  });
});

describe('URLs in email', () => {
  it('never prints javascript: or other non-http(s) URLs', () => {
    // Prepare
    const [envelope] = listFixtures('codepipeline')
      .filter((file) => file.includes('action-failed'))
      .map(loadFixture);
    const failed = structuredClone(envelope) as Record<string, unknown>;
    const detail = failed.detail as Record<string, unknown>;
    const result = detail['execution-result'] as Record<string, unknown>;
    result['external-execution-url'] = 'javascript:alert(document.cookie)//https://x';
    const event = parsePipelineEvent(failed);
    const approval = approvalFrom(event, { reviewUrl: 'JavaScript:alert(1)' });

    // Act
    const bodies = [
      renderExecutionEmail(replayEvents([event]), event).body,
      renderApprovalEmail(
        approval,
        undefined,
        { approve: 'https://a', reject: 'https://r', choose: 'https://c' },
        'x@example.com',
      ).body,
    ];

    // Assess
    expect(bodies.join('\n')).not.toMatch(/javascript:/i);
  });
});
