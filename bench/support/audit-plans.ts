import { randomUUID } from 'node:crypto';
import type { EnvelopeSpec } from '../../local/simulator/envelopes';
import { type ActionPlan, type ExecutionPlan, scriptExecution } from '../../local/simulator/execution-script';

const DAY = 86_400_000;
const MINUTE = 60_000;
/** CodePipeline's default approval timeout, and the expiry pipegate gives requests without a policy. */
export const APPROVAL_TIMEOUT_MS = 7 * DAY;

export { seededRandom } from './seeded-random';

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const SERVICES = [
  'api',
  'web',
  'payments',
  'search',
  'auth',
  'billing',
  'catalog',
  'orders',
  'mail',
  'reports',
];
/** 20 pipelines: prod-* ones also mention the release managers on failure (pipegate.config.yaml). */
export const PIPELINES = SERVICES.flatMap((service) => [`prod-${service}`, `staging-${service}`]);

/** 10 approvers; a few do most of the approving, as in real teams (weights sum to 100). */
export const APPROVERS = [
  'jane.doe',
  'sam.lee',
  'ana.ruiz',
  'tom.berg',
  'li.wei',
  'omar.haddad',
  'eva.novak',
  'raj.patel',
  'kim.park',
  'noa.levi',
].map((name) => `${name}@example.com`);
const APPROVER_WEIGHTS = [24, 18, 13, 10, 8, 7, 6, 6, 4, 4];
/** Commit authors; the first three also approve (so self-approval attempts happen). */
export const AUTHORS = [...APPROVERS.slice(0, 3), 'dev1', 'dev2', 'dev3', 'dev4', 'dev5', 'dev6'].map(
  (name) => (name.includes('@') ? name : `${name}@example.com`),
);

export const weightedApprover = (random: Random): string => {
  let left = random() * 100;
  for (const [i, weight] of APPROVER_WEIGHTS.entries()) {
    left -= weight;
    if (left < 0) return APPROVERS[i] as string;
  }
  return APPROVERS[0] as string;
};

export type RunKind = 'succeeded' | 'failed' | 'superseded' | 'approval';
export type ApprovalFate = 'approved' | 'rejected' | 'expired' | 'pending';

export interface PlannedRun {
  kind: RunKind;
  plan: ExecutionPlan;
  author: string;
  /** Only for runs with a manual approval. */
  approval?: { fate: ApprovalFate; waitMs: number };
}

const failure = (summary: string, n: number) => ({
  errorCode: 'JobFailed',
  summary,
  externalUrl: `https://eu-west-1.console.aws.amazon.com/codesuite/codebuild/builds/${n}/log`,
});

const action = (name: string, fails?: ActionPlan['failure']): ActionPlan => ({
  name,
  category: name === 'Source' ? 'Source' : name === 'Deploy' ? 'Deploy' : 'Build',
  provider: name === 'Source' ? 'CodeStarSourceConnection' : name === 'Deploy' ? 'ECS' : 'CodeBuild',
  ...(fails ? { failure: fails } : {}),
});

const APPROVAL_ACTION: ActionPlan = {
  name: 'ManualApproval',
  category: 'Approval',
  provider: 'Manual',
  timeoutInMinutes: APPROVAL_TIMEOUT_MS / MINUTE,
};

/** How long a human took: mostly minutes, sometimes hours, now and then the next day or two. */
const decisionWait = (random: Random): number => {
  const r = random();
  if (r < 0.7) return (2 + random() * 58) * MINUTE;
  if (r < 0.92) return (1 + random() * 7) * 60 * MINUTE;
  return (24 + random() * 36) * 60 * MINUTE;
};

const approvalFate = (random: Random, start: Date, now: Date, waitMs: number): ApprovalFate => {
  const age = now.getTime() - start.getTime();
  // Nobody decides in the future: an approval whose decision would come after `now` still waits.
  if (age < waitMs + 2 * 60 * MINUTE || (age < 5 * DAY && random() < 0.5)) return 'pending';
  const r = random();
  // An expired approval fails 7 days later, so only old enough ones can have expired.
  if (r < 0.035 && age > APPROVAL_TIMEOUT_MS + DAY) return 'expired';
  return r < 0.11 ? 'rejected' : 'approved';
};

/**
 * Run `n` of a realistic mix: every 10th run has a manual approval; of the others ~15 % fail (Build, Test
 * or Deploy), ~5 % are superseded, the rest succeed. About 20 events a run.
 */
export const planRun = (n: number, start: Date, now: Date, random: Random): PlannedRun => {
  const author = pick(random, AUTHORS);
  const base = {
    pipeline: PIPELINES[n % PIPELINES.length] as string,
    executionId: randomUUID(),
    start,
    stepSeconds: 20 + Math.floor(random() * 40),
    trigger: {
      'execution-trigger': {
        'trigger-type': 'WebhookV2',
        'author-display-name': author.split('@')[0],
        'author-email': author,
        'full-repository-name': `acme/${PIPELINES[n % PIPELINES.length]?.split('-')[1]}`,
        'provider-type': 'GitHub',
        'commit-message': `Change ${n}`,
        'branch-name': 'main',
        'commit-id': Array.from({ length: 40 }, () => Math.floor(random() * 16).toString(16)).join(''),
      },
    },
  };
  if (n % 10 === 5) {
    const stages = ['Source', 'Build', 'Test'].map((name) => ({ name, actions: [action(name)] }));
    stages.push(
      { name: 'Approval', actions: [APPROVAL_ACTION] },
      { name: 'Deploy', actions: [action('Deploy')] },
    );
    const waitMs = decisionWait(random);
    const approval = { fate: approvalFate(random, start, now, waitMs), waitMs };
    return { kind: 'approval', author, plan: { ...base, stages }, approval };
  }
  const r = random();
  const failsIn = r < 0.09 ? 'Build' : r < 0.13 ? 'Test' : r < 0.15 ? 'Deploy' : undefined;
  const stages = ['Source', 'Build', 'Test', 'Staging', 'Deploy'].map((name) => ({
    name,
    actions: [
      action(name, name === failsIn ? failure(`${name} terminated with state: FAILED`, n) : undefined),
    ],
  }));
  if (failsIn) return { kind: 'failed', author, plan: { ...base, stages } };
  if (r < 0.2) return { kind: 'superseded', author, plan: { ...base, stages, supersededBefore: 'Deploy' } };
  return { kind: 'succeeded', author, plan: { ...base, stages } };
};

/**
 * The run's envelope specs as CodePipeline would emit them: the approval waits `waitMs` for a human (or its
 * 7-day timeout); a pending approval's run stops at the request.
 */
export const scriptRun = async (run: PlannedRun): Promise<EnvelopeSpec[]> => {
  const fate = run.approval?.fate;
  const specs = await scriptExecution(run.plan, async () =>
    fate === 'approved'
      ? { status: 'Approved' }
      : { status: 'Rejected', summary: fate === 'expired' ? 'Approval timed out' : 'Rejected' },
  );
  const at = specs.findIndex(
    (spec) => spec.level === 'action' && spec.category === 'Approval' && spec.state === 'STARTED',
  );
  if (at < 0 || !run.approval) return specs;
  if (fate === 'pending') return specs.slice(0, at + 1);
  const shift = fate === 'expired' ? APPROVAL_TIMEOUT_MS : run.approval.waitMs;
  return specs.map((spec, i) =>
    i > at ? { ...spec, time: new Date(Date.parse(spec.time) + shift).toISOString() } : spec,
  );
};
