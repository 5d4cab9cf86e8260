import { signApprovalLink } from '../../../shared/approvals/approval-link';
import { decideByLink, type LinkDeps, showApprovalLink } from '../../../shared/approvals/link-visit';
import { PipegateError } from '../../../shared/errors';
import { type ApprovalWorld, approvalWorld, LINK_KEYS, PEOPLE } from '../../support/fakes/approval-world';
import { approvalRecord, executionSummary, NOW_SECONDS, payloadOf } from '../approvals/link-fixtures';

/** Alice's personal link, signed with the test key (the fixture ids match {@link approvalRecord}). */
const linkOf = (overrides: Parameters<typeof payloadOf>[0] = {}): string =>
  signApprovalLink(payloadOf({ r: 'alice@example.com', d: 'choose', ...overrides }), LINK_KEYS);

const linkWorld = (recordOverrides: Parameters<typeof approvalRecord>[0] = {}) => {
  const record = approvalRecord(recordOverrides);
  const world = approvalWorld({ records: [record], summaries: [executionSummary()] });
  world.pipeline.waiting(record.approvalId);
  const deps: LinkDeps = { decide: world.decide, linkKeys: LINK_KEYS, history: world.history };
  return { world, record, deps };
};

/** A refusal returned as the answer (not thrown), with its reason. */
const refusedWith = (reason: string) => ({
  outcome: 'refused',
  refusal: expect.objectContaining({ reason }),
});

const nothingDecided = (world: ApprovalWorld) => {
  expect(world.pipeline.puts).toHaveLength(0);
  expect(world.approvals.usedNonces()).toEqual([]);
};

describe('showApprovalLink (GET): shows the form, changes nothing', () => {
  it('returns the form for a valid link and audits nothing', async () => {
    const { world, record, deps } = linkWorld();

    const visit = await showApprovalLink(linkOf(), deps);

    expect(visit).toMatchObject({
      outcome: 'form',
      form: {
        approval: { approvalId: record.approvalId },
        recipient: 'alice@example.com',
        decision: 'choose',
      },
    });
    expect(world.audit.entries).toHaveLength(0);
    nothingDecided(world);
  });

  it('refuses a used link without an audit entry (mail scanners open links)', async () => {
    const { world, record, deps } = linkWorld();
    await world.approvals.consumeLinkNonce(record.approvalId, payloadOf().n, '2026-09-01T11:59:00.000Z');

    expect(await showApprovalLink(linkOf(), deps)).toEqual(refusedWith('LINK_USED'));
    expect(world.audit.entries).toHaveLength(0);
  });

  it('refuses an expired link without an audit entry', async () => {
    const { world, deps } = linkWorld();

    expect(await showApprovalLink(linkOf({ x: NOW_SECONDS - 1 }), deps)).toEqual(refusedWith('LINK_EXPIRED'));
    expect(world.audit.entries).toHaveLength(0);
  });

  it('counts a forged link, never as an entry', async () => {
    const { world, deps } = linkWorld();

    await expect(showApprovalLink(`${linkOf()}x`, deps)).rejects.toMatchObject({ code: 'BAD_SIGNATURE' });
    expect(world.audit.entries).toHaveLength(0);
    expect(world.audit.unauthenticated).toEqual([expect.objectContaining({ route: 'approval-link' })]);
  });

  it('refuses a settled approval without an audit entry', async () => {
    const { world, deps } = linkWorld({ status: 'approved' });

    expect(await showApprovalLink(linkOf(), deps)).toEqual(refusedWith('ALREADY_DECIDED'));
    expect(world.audit.entries).toHaveLength(0);
  });
});

describe('decideByLink (POST): the human confirmation decides', () => {
  it('decides, spends the link and shows the outcome', async () => {
    const { world, deps } = linkWorld();

    const answer = await decideByLink(linkOf(), { decision: 'approve' }, deps);

    expect(answer).toMatchObject({ outcome: 'decided', decision: 'Approved', by: 'alice@example.com' });
    expect(world.pipeline.puts).toEqual([expect.objectContaining({ status: 'Approved' })]);
    expect(world.approvals.usedNonces()).toHaveLength(1);
    expect(world.audit.of('approval.decided')[0]?.actor).toEqual({
      id: 'alice@example.com',
      email: 'alice@example.com',
    });
  });

  it('a second post of the same link is refused LINK_USED, on the record', async () => {
    const { world, deps } = linkWorld();
    await decideByLink(linkOf(), { decision: 'approve' }, deps);

    expect(await decideByLink(linkOf(), { decision: 'approve' }, deps)).toEqual(refusedWith('LINK_USED'));
    expect(world.audit.refusals()).toEqual(['LINK_USED']);
  });

  it('shows the form again (422) for a rejection without the required comment, link left usable', async () => {
    const { world, deps } = linkWorld();

    const answer = await decideByLink(linkOf(), { decision: 'reject', comment: ' ' }, deps);

    expect(answer).toMatchObject({ outcome: 'form-again', missing: 'reject-comment' });
    nothingDecided(world);
  });

  it('refuses a form altered to do what the link does not allow, on the record, link left usable', async () => {
    const { world, deps } = linkWorld();

    const answer = await decideByLink(linkOf({ d: 'approve' }), { decision: 'reject', comment: 'no' }, deps);

    expect(answer).toMatchObject({
      outcome: 'refused',
      refusal: { reason: 'NOT_ALLOWED', details: { why: 'decision-not-in-link' } },
    });
    expect(world.audit.refusals()).toEqual(['NOT_ALLOWED']);
    nothingDecided(world);
  });

  it('rejects a form that chooses nothing as an invalid request', async () => {
    const { world, deps } = linkWorld();

    await expect(decideByLink(linkOf(), {}, deps)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    nothingDecided(world);
  });

  it('audits an expired link acted upon, naming its person', async () => {
    const { world, deps } = linkWorld();

    const answer = await decideByLink(linkOf({ x: NOW_SECONDS - 1 }), { decision: 'approve' }, deps);

    expect(answer).toEqual(refusedWith('LINK_EXPIRED'));
    expect(world.audit.entries).toEqual([
      expect.objectContaining({
        reason: 'LINK_EXPIRED',
        actor: { id: 'alice@example.com', email: 'alice@example.com' },
      }),
    ]);
  });

  it('gives the link back when the decision is refused (self-approval), so nothing is spent', async () => {
    const { world, deps } = linkWorld({ trigger: { authorEmail: PEOPLE.alice.email } });

    const answer = await decideByLink(linkOf(), { decision: 'approve' }, deps);

    expect(answer).toEqual(refusedWith('SELF_APPROVAL'));
    expect(world.audit.refusals()).toEqual(['SELF_APPROVAL']);
    nothingDecided(world);
  });

  it('gives the link back after a transient CodePipeline failure, and the retry decides', async () => {
    const { world, deps } = linkWorld();
    world.pipeline.faults.failNext('putApprovalResult', new PipegateError('TRANSIENT', 'throttled'));

    await expect(decideByLink(linkOf(), { decision: 'approve' }, deps)).rejects.toMatchObject({
      code: 'TRANSIENT',
    });
    const retry = await decideByLink(linkOf(), { decision: 'approve' }, deps);

    expect(retry).toMatchObject({ outcome: 'decided' });
  });

  it('keeps the original failure when giving the link back fails too', async () => {
    const { world, deps } = linkWorld();
    world.pipeline.faults.failNext('putApprovalResult', new PipegateError('TRANSIENT', 'throttled'));
    world.approvals.faults.failNext('releaseLinkNonce', new PipegateError('TRANSIENT', 'table throttled'));

    await expect(decideByLink(linkOf(), { decision: 'approve' }, deps)).rejects.toMatchObject({
      message: 'throttled',
    });
    expect(world.log.messages('warn')).toContain('could not give back an approval link nonce');
  });
});
