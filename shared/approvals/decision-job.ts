import * as z from 'zod';
import { PipegateError } from '../errors';
import { formatZodIssues } from '../validation/format-zod-issues';

const actor = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  email: z.string().optional(),
  slackUserId: z.string().optional(),
});

/**
 * A claimed decision handed from the fast path (the Slack interaction, which must answer within 3 s) to
 * the decider, which talks to CodePipeline. `claimedAt` ties it to the claim it was issued under: a job
 * whose claim is gone (released, or taken over after going stale) decides nothing.
 */
export const decisionJobSchema = z.object({
  executionId: z.string().min(1),
  approvalId: z.string().min(1),
  decision: z.enum(['Approved', 'Rejected']),
  comment: z.string().optional(),
  actor,
  channel: z.enum(['slack', 'email']),
  claimedAt: z.string().min(1),
  /** Set when the approver broke a change freeze; the reason is the comment. */
  breakGlass: z.object({ freezes: z.array(z.string()).min(1), until: z.string() }).optional(),
  /**
   * A vote counted towards a quorum not reached yet: only show the progress in Slack (the decider's role
   * may read the card's records; the fast path's may not, and must answer within 3 s anyway).
   */
  progress: z.literal(true).optional(),
  /** Where to tell the approver how it ended (Slack ephemeral). */
  reply: z.object({ channel: z.string(), user: z.string(), threadTs: z.string().optional() }).optional(),
});
export type DecisionJob = z.infer<typeof decisionJobSchema>;

/** Port: hands a claimed decision to the decider (on AWS an async Lambda invoke; at-least-once). */
export interface DecisionQueue {
  enqueue(job: DecisionJob): Promise<void>;
}

/**
 * Reads a decision job from an untrusted payload (the decider's invocation event).
 * @throws PipegateError INVALID_REQUEST naming what is wrong
 */
export const parseDecisionJob = (payload: unknown): DecisionJob => {
  const parsed = decisionJobSchema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const issues = formatZodIssues(parsed.error.issues);
  throw new PipegateError('INVALID_REQUEST', `not a decision job: ${issues.join('; ')}`, {
    details: { issues },
  });
};
