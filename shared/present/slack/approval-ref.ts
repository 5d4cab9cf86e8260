import * as z from 'zod';
import { PipegateError } from '../../errors';
import { formatZodIssues } from '../../validation/format-zod-issues';

/**
 * Which approval a Slack button or modal is about: ids only. The CodePipeline token is never put in a
 * message — it is fetched at decision time — so a leaked payload cannot approve anything.
 */
export interface ApprovalRef {
  executionId: string;
  approvalId: string;
}

// Short keys: button values are limited to 2000 characters and show up in every interaction payload.
const approvalRefSchema = z.strictObject({
  e: z.string().min(1).max(200),
  a: z.string().min(1).max(200),
});

/**
 * The wire form of an {@link ApprovalRef}: `{"e":"<executionId>","a":"<approvalId>"}`.
 * @example
 * encodeApprovalRef({ executionId: '4f1c…', approvalId: 'ec7a…' }); // '{"e":"4f1c…","a":"ec7a…"}'
 */
export const encodeApprovalRef = (ref: ApprovalRef): string =>
  JSON.stringify({ e: ref.executionId, a: ref.approvalId });

/**
 * Reads a button `value` or modal `private_metadata` written by {@link encodeApprovalRef}.
 * @throws PipegateError INVALID_REQUEST when it is not JSON of exactly that shape
 */
export const parseApprovalRef = (text: string): ApprovalRef => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new PipegateError('INVALID_REQUEST', 'approval reference is not JSON', { cause });
  }
  const parsed = approvalRefSchema.safeParse(json);
  if (!parsed.success) {
    throw new PipegateError('INVALID_REQUEST', 'approval reference has the wrong shape', {
      details: { issues: formatZodIssues(parsed.error.issues) },
    });
  }
  return { executionId: parsed.data.e, approvalId: parsed.data.a };
};
