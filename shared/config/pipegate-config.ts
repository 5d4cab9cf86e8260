import * as z from 'zod';
import type { EventLevel, ExecutionState } from '../events/pipeline-event';
import { accountsSchema, type MemberAccount } from './accounts-config';
import {
  email,
  flag,
  glob,
  integer,
  slackChannel,
  slackGroupId,
  slackMention,
  slackUserId,
  strictObject,
  topicArn,
  topicName,
} from './config-fields';
import { show } from './config-issues';
import type { Freeze } from './freeze';
import { freezesSchema, toFreeze } from './freeze-schema';
import { approvalMatch, routeMatch } from './match-schema';
import { MAX_REQUIRED, quorumIssues } from './quorum-issues';
import { DEFAULT_RETENTION, type Retention } from './retention';

/** Which events a route or approval policy applies to. Every field given must match; a list matches if any entry does. */
export interface Match {
  pipelines: string[];
  stages?: string[];
  actions?: string[];
  accounts?: string[];
  regions?: string[];
  levels?: EventLevel[];
  states?: ExecutionState[];
}

export type ApprovalMatch = Omit<Match, 'levels' | 'states'>;

export interface TopicRef {
  name: string;
  topicArn: string;
}

/** One routing rule: events it matches go to these Slack channels and SNS topics. */
export interface Route {
  /** As written, or `routes[<index>]`. */
  name: string;
  match: Match;
  /** `mentions` are added to messages about FAILED events only. */
  slack: { channels: string[]; mentions: string[] };
  sns: { topics: TopicRef[] };
}

/** `author`: the commit's author (git metadata); `trigger`: the IAM principal that started the execution. */
export type DistinctFrom = 'author' | 'trigger';

/** Who may decide a manual approval, and how. */
export interface ApprovalPolicy {
  /** As written, or `approvals[<index>]`: worth putting in audit entries. */
  name: string;
  match: ApprovalMatch;
  slack: { users: string[]; userGroups: string[]; channels: string[] };
  /** Individuals: each gets personal signed links and may decide. */
  emails: string[];
  /** Shared or role mailboxes: told that an approval waits, never sent a link, never able to decide. */
  inform: string[];
  /** The approver may not be the change's author, as far as any known identity tells (best effort). */
  preventSelfApproval: boolean;
  /**
   * Identities the approver must provably differ from; unlike preventSelfApproval, an identity pipegate
   * cannot establish refuses the decision (it can still be made in the AWS console).
   */
  requireDistinctFrom: DistinctFrom[];
  requireRejectComment: boolean;
  expiresAfterHours: number;
  /** Approvers are reminded (Slack thread, email) once, this long before the approval expires. */
  remindBeforeHours: number;
  /** How many different people must approve (a quorum); one reject still ends it. Default 1. */
  required: number;
  /** The `required` approvers must come from that many different `slack.userGroups`, one group each. */
  distinctGroups: boolean;
}

/** The validated config file: topics by name, retention, routes and approval policies in file order. */
export interface PipegateConfig {
  /** Topic ARNs by name; `default` is the service's own. A topic whose ARN resolved to nothing is absent. */
  topics: Record<string, string>;
  retention: Retention;
  routes: Route[];
  approvals: ApprovalPolicy[];
  /** Change freezes: windows in which approvals are refused unless someone breaks the glass. */
  freezes: Freeze[];
  /** Member accounts pipegate acts in besides its own; empty means this account only. */
  accounts: MemberAccount[];
  /** Delivery metrics: which runs are production deploys, when a stage counts as slow. */
  metrics?: MetricsConfig;
}

/** `metrics:` in the config file (docs/configuration.md). */
export interface MetricsConfig {
  /** Runs of these pipelines (globs) — or only the named stage of them — are production deploys. */
  production: { pipeline: string; stage?: string }[];
  /** A stage running longer than its p90 × this factor gets a note in the run's Slack thread. */
  slowStageFactor: number;
}

export const DEFAULT_SLOW_STAGE_FACTOR = 2;

/** CodePipeline's own default approval timeout (7 days); its maximum is 60 days. */
export const DEFAULT_APPROVAL_HOURS = 168;
const MAX_APPROVAL_HOURS = 1440;
/** Approvers are reminded a day before the approval expires unless the policy says otherwise. */
export const DEFAULT_REMIND_BEFORE_HOURS = 24;

const slackRoute = strictObject({
  channels: z.array(slackChannel).min(1, 'must list at least one channel'),
  mentions: z.array(slackMention).optional(),
});

/** Route topics are checked against the declared ones here, so every bad reference is reported at once. */
const topicReference = (declared: Record<string, unknown>, describeEmpty: (name: string) => string) =>
  topicName.superRefine((name, ctx) => {
    const names = Object.keys(declared);
    if (!Object.hasOwn(declared, name)) {
      ctx.addIssue({ code: 'custom', message: `unknown topic ${show(name)} (topics: ${names.join(', ')})` });
    } else if (declared[name] === '') {
      ctx.addIssue({ code: 'custom', message: `topic ${show(name)} has no ARN: ${describeEmpty(name)}` });
    }
  });

const approvalPolicy = strictObject({
  name: z.string().trim().min(1).optional(),
  match: approvalMatch,
  slack: strictObject({
    users: z.array(slackUserId).optional(),
    userGroups: z.array(slackGroupId).optional(),
    channels: z.array(slackChannel).optional(),
  }).optional(),
  emails: z.array(email).optional(),
  inform: z.array(email).optional(),
  preventSelfApproval: flag.optional(),
  requireDistinctFrom: z.array(z.enum(['author', 'trigger'])).optional(),
  requireRejectComment: flag.optional(),
  expiresAfterHours: integer(1, MAX_APPROVAL_HOURS).optional(),
  remindBeforeHours: integer(1, MAX_APPROVAL_HOURS).optional(),
  required: integer(1, MAX_REQUIRED).optional(),
  distinctGroups: flag.optional(),
}).superRefine((policy, ctx) => {
  for (const issue of quorumIssues(policy)) ctx.addIssue({ code: 'custom', ...issue });
  const lifetime = policy.expiresAfterHours ?? DEFAULT_APPROVAL_HOURS;
  if (policy.remindBeforeHours !== undefined && policy.remindBeforeHours >= lifetime) {
    ctx.addIssue({
      code: 'custom',
      path: ['remindBeforeHours'],
      message: `${policy.remindBeforeHours} is not less than the approval's lifetime (${lifetime} hours): the reminder would go out with the request`,
    });
  }
  const approvers = [policy.slack?.users, policy.slack?.userGroups, policy.emails].flatMap(
    (list) => list ?? [],
  );
  if (approvers.length === 0) {
    ctx.addIssue({
      code: 'custom',
      message: 'names no approvers: add slack.users, slack.userGroups or emails',
    });
  }
  // One address cannot be both a person who decides and a mailbox that is only told.
  const deciders = new Set((policy.emails ?? []).map((address) => address.trim().toLowerCase()));
  for (const [index, address] of (policy.inform ?? []).entries()) {
    if (deciders.has(address.trim().toLowerCase())) {
      ctx.addIssue({
        code: 'custom',
        path: ['inform', index],
        message: `${show(address)} is also under emails: a shared mailbox may be informed but cannot decide`,
      });
    }
  }
});

export interface ConfigSchemaContext {
  /** The raw `topics` mapping, so routes can be checked against it even when other parts are invalid. */
  declaredTopics: Record<string, unknown>;
  /** Why a declared topic is empty, e.g. which environment variable it comes from. */
  describeEmptyTopic: (name: string) => string;
}

/**
 * The schema of the whole file, after `${env:…}` substitution. Output is the resolved {@link PipegateConfig}:
 * defaults applied, route topics turned into ARNs, unnamed routes and policies named by their position.
 * @example
 * pipegateConfigSchema({ declaredTopics: {}, describeEmptyTopic: () => '' }).safeParse({ routes: [] });
 */
export const pipegateConfigSchema = (context: ConfigSchemaContext) => {
  const route = strictObject({
    name: z.string().trim().min(1).optional(),
    match: routeMatch,
    slack: slackRoute.optional(),
    sns: strictObject({
      topics: z
        .array(topicReference(context.declaredTopics, context.describeEmptyTopic))
        .min(1, 'must list at least one topic'),
    }).optional(),
  }).superRefine((value, ctx) => {
    if (!value.slack && !value.sns)
      ctx.addIssue({ code: 'custom', message: 'sends nowhere: add slack or sns' });
  });

  return strictObject({
    topics: z.record(topicName, topicArn).optional(),
    retention: strictObject({
      historyDays: integer(1, 36_500).optional(),
      auditDays: integer(1, 36_500).optional(),
    }).optional(),
    routes: z.array(route).optional(),
    approvals: z.array(approvalPolicy).optional(),
    freezes: freezesSchema.optional(),
    accounts: accountsSchema.optional(),
    metrics: strictObject({
      production: z
        .array(strictObject({ pipeline: glob, stage: z.string().trim().min(1).max(100).optional() }))
        .optional(),
      slowStageFactor: z
        .number({ error: 'must be a number' })
        .min(1, 'must be at least 1 (a stage is slow when it takes longer than p90 × this)')
        .max(100, 'must be at most 100')
        .optional(),
    }).optional(),
  }).transform((file): PipegateConfig => {
    // An empty ARN (an unset variable) means "no such topic here"; routes using it were refused above.
    const topics = Object.fromEntries(Object.entries(file.topics ?? {}).filter(([, arn]) => arn !== ''));
    return {
      topics,
      retention: {
        historyDays: file.retention?.historyDays ?? DEFAULT_RETENTION.historyDays,
        auditDays: file.retention?.auditDays ?? DEFAULT_RETENTION.auditDays,
      },
      routes: (file.routes ?? []).map((entry, index) => ({
        name: entry.name ?? `routes[${index}]`,
        match: entry.match,
        slack: { channels: entry.slack?.channels ?? [], mentions: entry.slack?.mentions ?? [] },
        sns: {
          topics: (entry.sns?.topics ?? []).flatMap((name) => {
            const arn = topics[name];
            return arn ? [{ name, topicArn: arn }] : [];
          }),
        },
      })),
      approvals: (file.approvals ?? []).map((entry, index) => ({
        name: entry.name ?? `approvals[${index}]`,
        match: entry.match,
        slack: {
          users: entry.slack?.users ?? [],
          userGroups: entry.slack?.userGroups ?? [],
          channels: entry.slack?.channels ?? [],
        },
        emails: entry.emails ?? [],
        inform: entry.inform ?? [],
        preventSelfApproval: entry.preventSelfApproval ?? false,
        requireDistinctFrom: [...new Set(entry.requireDistinctFrom ?? [])],
        requireRejectComment: entry.requireRejectComment ?? false,
        expiresAfterHours: entry.expiresAfterHours ?? DEFAULT_APPROVAL_HOURS,
        remindBeforeHours: entry.remindBeforeHours ?? DEFAULT_REMIND_BEFORE_HOURS,
        required: entry.required ?? 1,
        distinctGroups: entry.distinctGroups ?? false,
      })),
      freezes: (file.freezes ?? []).map(toFreeze),
      accounts: file.accounts ?? [],
      metrics: {
        production: (file.metrics?.production ?? []).map((rule) => ({
          pipeline: rule.pipeline,
          ...(rule.stage ? { stage: rule.stage } : {}),
        })),
        slowStageFactor: file.metrics?.slowStageFactor ?? DEFAULT_SLOW_STAGE_FACTOR,
      },
    };
  });
};
