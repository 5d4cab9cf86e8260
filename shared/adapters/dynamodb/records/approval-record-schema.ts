import * as z from 'zod';
import type { ApprovalRecord, ApprovalStatus, ApprovalVote } from '../../../approvals/approval-record';
import { changeSummarySchema } from './change-summary-schema';
import { oneOf } from './one-of';
import { triggerInfoSchema } from './pipeline-event-schema';

export const actorSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  email: z.string().optional(),
  slackUserId: z.string().optional(),
});

const decisionSchema = oneOf({ Approved: true, Rejected: true } satisfies Record<
  NonNullable<ApprovalRecord['decision']>,
  true
>);

// `satisfies`: a field the record gains, optional or not, is a compile error here until it is described.
const approvalRecordShape = {
  approvalId: z.string(),
  pipeline: z.string(),
  executionId: z.string(),
  stage: z.string(),
  action: z.string(),
  account: z.string().optional(),
  region: z.string().optional(),
  requestedAt: z.string(),
  expiresAt: z.string(),
  status: oneOf({
    pending: true,
    approved: true,
    rejected: true,
    'completed-outside': true,
    expired: true,
    abandoned: true,
  } satisfies Record<ApprovalStatus, true>),
  trigger: triggerInfoSchema.optional(),
  customData: z.string().optional(),
  reviewUrl: z.string().optional(),
  changes: changeSummarySchema.optional(),
  claim: z
    .looseObject({
      by: actorSchema,
      decision: decisionSchema,
      at: z.string(),
      channel: oneOf({ slack: true, email: true } satisfies Record<
        NonNullable<ApprovalRecord['claim']>['channel'],
        true
      >),
    })
    .optional(),
  decidedBy: actorSchema.optional(),
  decidedAt: z.string().optional(),
  decidedUnder: z.string().optional(),
  decision: decisionSchema.optional(),
  channel: oneOf({ slack: true, email: true, console: true } satisfies Record<
    NonNullable<ApprovalRecord['channel']>,
    true
  >).optional(),
  comment: z.string().optional(),
  breakGlass: z.looseObject({ freezes: z.array(z.string()) }).optional(),
  shownFreezes: z.string().optional(),
  slackMessages: z.array(z.looseObject({ channel: z.string(), ts: z.string(), cardChannel: z.string() })),
  emailRecipients: z.array(z.string()),
  required: z.number().int().min(1).optional(),
  votes: z
    .array(
      z.looseObject({
        by: actorSchema,
        channel: oneOf({ slack: true, email: true } satisfies Record<ApprovalVote['channel'], true>),
        at: z.string(),
        comment: z.string().optional(),
        groups: z.array(z.string()).optional(),
      }),
    )
    .optional(),
  version: z.number(),
} satisfies { [K in keyof ApprovalRecord]-?: z.ZodType };

/** An approval as the approval store keeps it (the `record` attribute's JSON). */
export const storedApprovalRecordSchema: z.ZodType<ApprovalRecord> = z.looseObject(approvalRecordShape);
