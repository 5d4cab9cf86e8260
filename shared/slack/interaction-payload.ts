import * as z from 'zod';
import { PipegateError } from '../errors';
import { parseApprovalRef } from '../present/slack/approval-ref';
import { formatZodIssues } from '../validation/format-zod-issues';

/** Button values and modal metadata carry ids only, never a CodePipeline token. */
const approvalRef = z.string().transform((text, ctx) => {
  try {
    return parseApprovalRef(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not an approval reference' });
    return z.NEVER;
  }
});

const user = z.looseObject({
  id: z.string().min(1),
  username: z.string().optional(),
  name: z.string().optional(),
});

const blockActions = z.looseObject({
  type: z.literal('block_actions'),
  user,
  trigger_id: z.string().min(1),
  channel: z.looseObject({ id: z.string() }).optional(),
  container: z
    .looseObject({ message_ts: z.string().optional(), thread_ts: z.string().optional() })
    .optional(),
  actions: z
    .array(
      z.looseObject({
        action_id: z.enum(['pipegate.approve', 'pipegate.approve-comment', 'pipegate.reject']),
        value: approvalRef,
      }),
    )
    .min(1),
});

const viewSubmission = z.looseObject({
  type: z.literal('view_submission'),
  user,
  view: z.looseObject({
    callback_id: z.enum(['pipegate.reject.submit', 'pipegate.approve.submit', 'pipegate.break-glass.submit']),
    private_metadata: approvalRef,
    state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), z.unknown())) }),
  }),
});

export const interactionSchema = z.discriminatedUnion('type', [blockActions, viewSubmission]);
export type Interaction = z.infer<typeof interactionSchema>;

/**
 * Parses the form body Slack posts (`payload=<JSON>`), after its signature was verified.
 * @throws PipegateError INVALID_REQUEST naming what is wrong
 */
export const parseInteraction = (rawBody: string): Interaction => {
  const payload = new URLSearchParams(rawBody).get('payload');
  if (!payload) throw new PipegateError('INVALID_REQUEST', 'no payload field in the Slack request');
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch (cause) {
    throw new PipegateError('INVALID_REQUEST', 'Slack payload is not JSON', { cause });
  }
  const parsed = interactionSchema.safeParse(json);
  if (!parsed.success) {
    const issues = formatZodIssues(parsed.error.issues);
    throw new PipegateError('INVALID_REQUEST', `unsupported Slack interaction: ${issues.join('; ')}`, {
      details: { issues },
    });
  }
  return parsed.data;
};
