import type { AuditEntry } from '../../../../shared/audit/audit-entry';
import { approvalRecord, pipelineEvent, type Seeder } from './seed-audit-data';

/** Fixed "now" for queries over the July 2026 dataset. */
export const JULY_NOW = new Date('2026-07-20T12:00:00.000Z');

const day = (d: number): string => String(d).padStart(2, '0');
const at = (d: number, time: string): string => `2026-07-${day(d)}T${time}.000Z`;

const jane = { id: 'jane@example.com', name: 'Jane Doe', email: 'jane@example.com' };
const bob = { id: 'bob@example.com', name: 'Bob Roe', email: 'bob@example.com' };
const slackUser = { id: 'slack:U024BE7LH', name: 'Sam Slack', slackUserId: 'U024BE7LH' };

export const TRICKY_COMMENT = 'needs "tests", really,\nsee the thread; ok?';

/**
 * A month of pipegate data: prod-api ran daily 10–19 July (13th and 16th failed), prod-web failed on the 2nd
 * and 16th, three approvals are pending, api-15 has a full timeline, and the audit trail has decisions,
 * refusals (one forged request with no execution), a request and a reminder. Returns the audit entries written.
 */
export const seedJulyDataset = async (seed: Seeder): Promise<Record<string, AuditEntry>> => {
  for (let d = 10; d <= 19; d += 1) {
    const failed = d === 13 || d === 16;
    await seed.execution({
      executionId: `api-${d}`,
      pipeline: 'prod-api',
      startTime: at(d, '08:00:00'),
      state: failed ? 'FAILED' : 'SUCCEEDED',
      endTime: failed ? at(d, d === 13 ? '08:30:00' : '09:00:00') : at(d, '08:30:00'),
      ...(failed
        ? {
            failure: {
              stage: 'Build',
              action: 'CodeBuild',
              errorCode: 'JobFailed',
              summary: 'Build failed: exit 2',
            },
          }
        : {}),
      ...(d === 15
        ? {
            stages: {
              Source: [at(15, '08:00:00'), at(15, '08:01:00'), 'SUCCEEDED'],
              Build: [at(15, '08:01:00'), at(15, '08:06:00'), 'SUCCEEDED'],
              Approval: [at(15, '08:06:00'), at(15, '08:20:00'), 'SUCCEEDED'],
              Deploy: [at(15, '08:20:00'), at(15, '08:30:00'), 'SUCCEEDED'],
            },
          }
        : {}),
    });
  }
  await seed.execution({
    executionId: 'api-0601',
    pipeline: 'prod-api',
    startTime: '2026-06-01T08:00:00.000Z',
  });
  for (const [id, start, end] of [
    ['web-16', at(16, '09:30:00'), at(16, '10:00:00')],
    ['web-02', at(2, '09:00:00'), at(2, '09:30:00')],
  ] as const) {
    await seed.execution({
      executionId: id,
      pipeline: 'prod-web',
      startTime: start,
      state: 'FAILED',
      endTime: end,
      failure: { stage: 'Deploy', action: 'Deploy', errorCode: 'DeploymentFailed', summary: 'health check' },
    });
  }

  // api-15's history, written out of order; the Build action failed once and a retry fixed it.
  const base = { executionId: 'api-15', pipeline: 'prod-api' };
  for (const event of [
    pipelineEvent({ ...base, level: 'pipeline', state: 'SUCCEEDED', time: at(15, '08:30:00') }),
    pipelineEvent({ ...base, level: 'stage', stage: 'Build', state: 'SUCCEEDED', time: at(15, '08:06:00') }),
    pipelineEvent({ ...base, level: 'pipeline', state: 'STARTED', time: at(15, '08:00:00') }),
    pipelineEvent({
      ...base,
      level: 'action',
      stage: 'Build',
      action: 'CodeBuild',
      state: 'FAILED',
      time: at(15, '08:03:00'),
      result: { errorCode: 'JobFailed', summary: 'flaky test', externalUrl: 'https://example.com/build/1' },
    }),
    pipelineEvent({ ...base, level: 'stage', stage: 'Source', state: 'STARTED', time: at(15, '08:00:00') }),
  ]) {
    await seed.event(event);
  }
  await seed.notificationMark('api-15');
  await seed.approval(
    approvalRecord({
      approvalId: 'ap-15',
      executionId: 'api-15',
      pipeline: 'prod-api',
      requestedAt: at(15, '08:06:00'),
      expiresAt: at(22, '08:06:00'),
      status: 'approved',
      decision: 'Approved',
      decidedBy: jane,
      decidedAt: at(15, '08:19:00'),
      channel: 'slack',
      comment: 'ship it',
    }),
  );
  for (const [approvalId, executionId, expiresAt] of [
    ['p-21', 'api-17', at(21, '09:00:00')],
    ['p-25', 'api-18', at(25, '09:00:00')],
    ['p-22', 'api-19', at(22, '09:00:00')],
  ] as const) {
    await seed.approval(approvalRecord({ approvalId, executionId, pipeline: 'prod-api', expiresAt }));
  }

  const approval = { pipeline: 'prod-api', stage: 'Approval', actionName: 'ManualApproval' };
  const entries: Record<string, AuditEntry> = {};
  entries.forged = await seed.entry({
    at: at(14, '10:00:00'),
    action: 'approval.refused',
    outcome: 'refused',
    reason: 'BAD_SIGNATURE',
    channel: 'email',
  });
  entries.requested = await seed.entry({
    ...approval,
    at: at(15, '08:06:00'),
    action: 'approval.requested',
    outcome: 'ok',
    channel: 'system',
    executionId: 'api-15',
    approvalId: 'ap-15',
  });
  entries.bobRefused = await seed.entry({
    ...approval,
    at: at(15, '08:10:00'),
    action: 'approval.refused',
    outcome: 'refused',
    reason: 'NOT_ALLOWED',
    actor: bob,
    channel: 'email',
    executionId: 'api-15',
    approvalId: 'ap-15',
  });
  entries.janeApproved15 = await seed.entry({
    ...approval,
    at: at(15, '08:19:00'),
    action: 'approval.decided',
    outcome: 'ok',
    actor: jane,
    channel: 'slack',
    executionId: 'api-15',
    approvalId: 'ap-15',
    decision: 'Approved',
    comment: 'ship it',
  });
  entries.janeExpired = await seed.entry({
    ...approval,
    at: at(16, '11:00:00'),
    action: 'approval.refused',
    outcome: 'refused',
    reason: 'LINK_EXPIRED',
    // Mixed case on purpose: the by-actor index must still find Jane.
    actor: { ...jane, id: 'Jane@Example.com' },
    channel: 'email',
    executionId: 'api-16',
  });
  entries.slackRejected = await seed.entry({
    ...approval,
    at: at(17, '12:00:00'),
    action: 'approval.decided',
    outcome: 'ok',
    actor: slackUser,
    channel: 'slack',
    executionId: 'api-17',
    decision: 'Rejected',
    comment: TRICKY_COMMENT,
  });
  entries.reminder = await seed.entry({
    ...approval,
    at: at(18, '07:00:00'),
    action: 'approval.reminder',
    outcome: 'ok',
    channel: 'system',
    executionId: 'api-18',
  });
  entries.janeApproved18 = await seed.entry({
    ...approval,
    at: at(18, '08:00:00'),
    action: 'approval.decided',
    outcome: 'ok',
    actor: jane,
    channel: 'email',
    executionId: 'api-18',
    decision: 'Approved',
  });
  entries.early = await seed.entry({
    ...approval,
    at: at(1, '10:00:00'),
    action: 'approval.decided',
    outcome: 'ok',
    actor: jane,
    channel: 'slack',
    executionId: 'api-0601',
    decision: 'Approved',
  });
  return entries;
};
