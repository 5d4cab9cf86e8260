import * as z from 'zod';
import type { AuditAction, AuditChannel, AuditEntry } from '../../../audit/audit-entry';
import { actorSchema } from './approval-record-schema';
import { oneOf } from './one-of';

// `satisfies`: a field the entry gains, optional or not, is a compile error here until it is described.
const auditEntryShape = {
  id: z.string(),
  at: z.string(),
  action: oneOf({
    'approval.requested': true,
    'approval.attempt': true,
    'approval.decided': true,
    'approval.vote': true,
    'approval.refused': true,
    'approval.completed-outside': true,
    'approval.reconciled': true,
    'approval.expired': true,
    'approval.reminder': true,
    'approval.break-glass': true,
    'execution.stuck': true,
    'execution.reconciled': true,
  } satisfies Record<AuditAction, true>),
  outcome: oneOf({ ok: true, refused: true, error: true } satisfies Record<AuditEntry['outcome'], true>),
  reason: z.string().optional(),
  actor: actorSchema.optional(),
  channel: oneOf({ slack: true, email: true, console: true, system: true } satisfies Record<
    AuditChannel,
    true
  >).optional(),
  pipeline: z.string().optional(),
  executionId: z.string().optional(),
  stage: z.string().optional(),
  actionName: z.string().optional(),
  approvalId: z.string().optional(),
  decision: oneOf({ Approved: true, Rejected: true } satisfies Record<
    NonNullable<AuditEntry['decision']>,
    true
  >).optional(),
  comment: z.string().optional(),
  details: z.record(z.string(), z.string()).optional(),
} satisfies { [K in keyof AuditEntry]-?: z.ZodType };

/** An audit entry as the audit trail keeps it (the `entry` attribute's JSON). */
export const storedAuditEntrySchema: z.ZodType<AuditEntry> = z.looseObject(auditEntryShape);
