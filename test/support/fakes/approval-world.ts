import type { ApprovalRecord } from '../../../shared/approvals/approval-record';
import type { DecideDeps } from '../../../shared/approvals/decide-approval';
import { parseLinkKeys } from '../../../shared/approvals/link-keys';
import type { Actor } from '../../../shared/audit/audit-entry';
import { parseConfig } from '../../../shared/config/load-config';
import type { PipegateConfig } from '../../../shared/config/pipegate-config';
import type { ExecutionSummary } from '../../../shared/history/execution-summary';
import type { NotifyDeps } from '../../../shared/notify/notify-execution';
import type { SweepDeps } from '../../../shared/notify/sweep-approvals';
import { InMemoryApprovalStore } from './approval-store';
import { InMemoryAuditTrail } from './audit-trail';
import { FakeChat } from './chat';
import { fakeClock, recordingSleep } from './clock';
import { FakeDecisionQueue } from './decision-queue';
import { InMemoryHistoryStore } from './history-store';
import { RecordingLog } from './log';
import { FakeMail } from './mail';
import { InMemoryNotificationStore } from './notification-store';
import { FakeCodePipeline } from './pipeline';

export const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:pipegate';

/**
 * The policy the use-case tests decide under: Alice (Slack user and email) and the release group may approve
 * prod pipelines, never their own change, and a rejection needs a comment. Jane may approve by email.
 */
export const POLICY_YAML = `
routes:
  - match: { pipelines: ["*"] }
    slack: { channels: ["#deploys"] }
approvals:
  - name: prod releases
    match: { pipelines: ["prod-*"] }
    slack: { users: [U0ALICE01], userGroups: [S0RELEASE], channels: ["#deploys"] }
    emails: [alice@example.com, jane@example.com]
    inform: [release-managers@example.com]
    preventSelfApproval: true
    requireRejectComment: true
`;

/**
 * The `freezes:` block of a freeze holding prod pipelines on Tuesdays from 13:00 Berlin time (the world's
 * clock, Tuesday 2026-09-01 14:00 Berlin, is inside it), broken only by these Slack users.
 */
export const releaseTrainFreeze = (breakGlassUsers: string[]): string => `
freezes:
  - name: release train
    match: { pipelines: ["prod-*"] }
    timeZone: Europe/Berlin
    days: [tue]
    from: "13:00"
    breakGlass:
      slack: { users: [${breakGlassUsers.join(', ')}] }
`;

export const testConfig = (yaml = POLICY_YAML): PipegateConfig =>
  parseConfig(yaml, { source: 'pipegate.config.yaml', env: { PIPEGATE_TOPIC_ARN: TOPIC_ARN } });

/** People of the tests: Alice may approve, Sam wrote the change, Bob is in no list, Rita is in the group. */
export const PEOPLE = {
  alice: { id: 'alice@example.com', name: 'Alice Doe', email: 'alice@example.com', slackUserId: 'U0ALICE01' },
  sam: { id: 'sam@example.com', name: 'Sam Roe', email: 'sam@example.com', slackUserId: 'U0SAM0001' },
  bob: { id: 'bob@example.com', name: 'Bob Poe', email: 'bob@example.com', slackUserId: 'U0BOB0001' },
  rita: { id: 'rita@example.com', name: 'Rita Moe', email: 'rita@example.com', slackUserId: 'U0RITA001' },
} satisfies Record<string, Actor & { name: string; email: string; slackUserId: string }>;

/** Test-only link signing key (32+ characters). */
export const LINK_KEYS = parseLinkKeys(JSON.stringify({ k1: 'k1-test-secret-0123456789abcdefghij' }));

export interface ApprovalWorldOptions {
  config?: PipegateConfig;
  records?: ApprovalRecord[];
  summaries?: ExecutionSummary[];
  /** Accounts the CodePipeline port may reach (default: any). */
  accounts?: string[];
  start?: string;
}

/**
 * Every port of the approval flow as an in-memory fake, wired into the deps the use cases take, so a test
 * prepares the world, acts once and assesses what the fakes hold.
 */
export const approvalWorld = (options: ApprovalWorldOptions = {}) => {
  const clock = fakeClock(options.start);
  const approvals = new InMemoryApprovalStore(options.records);
  const audit = new InMemoryAuditTrail(clock.now);
  const chat = new FakeChat();
  for (const person of Object.values(PEOPLE)) {
    chat.addUser({ id: person.slackUserId, name: person.name, realName: person.name, email: person.email });
  }
  chat.addGroup('S0RELEASE', [PEOPLE.rita.slackUserId]);
  const pipeline = new FakeCodePipeline({ accounts: options.accounts });
  const log = new RecordingLog();
  const mail = new FakeMail();
  const store = new InMemoryNotificationStore();
  const history = new InMemoryHistoryStore(options.summaries);
  const decisions = new FakeDecisionQueue();
  const waits = recordingSleep();
  const announced: ApprovalRecord[] = [];
  const config = options.config ?? testConfig();
  const decide: DecideDeps = {
    approvals,
    pipeline,
    audit,
    config,
    chat,
    log,
    now: clock.now,
    sleep: waits.sleep,
    announce: async (record) => {
      announced.push(record);
    },
  };
  return {
    clock,
    approvals,
    audit,
    chat,
    pipeline,
    log,
    mail,
    store,
    history,
    decisions,
    waits,
    announced,
    config,
    decide,
  };
};

export type ApprovalWorld = ReturnType<typeof approvalWorld>;

/** The notify reaction's deps over the world's fakes (no Slack token: `withChat` false). */
export const notifyDepsOf = (world: ApprovalWorld, withChat = true): NotifyDeps => ({
  config: world.config,
  chat: withChat ? world.chat : undefined,
  mail: world.mail,
  store: world.store,
  approvals: world.approvals,
  history: world.history,
  log: world.log,
  now: world.clock.now,
});

/** The sweeper's deps over the world's fakes; what it announces lands in `world.announced`. */
export const sweepDepsOf = (world: ApprovalWorld, overrides: Partial<SweepDeps> = {}): SweepDeps => ({
  config: world.config,
  approvals: world.approvals,
  pipeline: world.pipeline,
  audit: world.audit,
  store: world.store,
  chat: world.chat,
  mail: world.mail,
  topicArn: TOPIC_ARN,
  log: world.log,
  now: world.clock.now,
  announce: async (record) => {
    world.announced.push(record);
  },
  ...overrides,
});
