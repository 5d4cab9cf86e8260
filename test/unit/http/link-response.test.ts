import type { ConfirmForm } from '../../../shared/approvals/link-visit';
import { refusal, refused } from '../../../shared/approvals/refusal';
import { linkAnswerResponse, linkVisitResponse } from '../../../shared/http/link-response';
import { approvalRecord, executionSummary, NOW } from '../approvals/link-fixtures';

const form = (overrides: Partial<ConfirmForm> = {}): ConfirmForm => ({
  approval: approvalRecord(),
  summary: executionSummary(),
  token: 'token-1',
  decision: 'choose',
  recipient: 'alice@example.com',
  requireRejectComment: true,
  expiresAt: new Date(NOW.getTime() + 3_600_000),
  ...overrides,
});

describe('link outcomes become HTTP answers (the use case decides, this maps)', () => {
  it('answers a GET form with 200 and the confirm page', () => {
    const response = linkVisitResponse({ outcome: 'form', form: form() });

    expect(response.statusCode).toBe(200);
    expect(response.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('token-1');
    expect(response.body).toContain('prod-api');
  });

  it('answers a refused GET with the refusal status and says nothing was recorded', () => {
    const response = linkVisitResponse(refused(refusal('LINK_USED', 'This link has already been used.')));

    expect(response.statusCode).toBe(409);
    expect(response.body).not.toContain('The attempt is on record.');
  });

  it.each([
    ['reject-comment', 'Please say why you reject this change.'],
    ['freeze-reason', 'Please say why this must be approved inside the change freeze.'],
  ] as const)('shows the form again with 422 when the POST left out the %s', (missing, words) => {
    const response = linkAnswerResponse({ outcome: 'form-again', form: form(), missing });

    expect(response.statusCode).toBe(422);
    expect(response.body).toContain(words);
  });

  it('answers a refused POST with the refusal status and the record it left', () => {
    const response = linkAnswerResponse(refused(refusal('SELF_APPROVAL', 'You may not approve this.')));

    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('The attempt is on record.');
  });

  it('shows a counted vote with the quorum progress, and a decision with who decided', () => {
    const approval = approvalRecord({ required: 2, votes: [] });
    const at = NOW.toISOString();

    const counted = linkAnswerResponse({ outcome: 'counted', approval, by: 'alice@example.com', at });
    const decided = linkAnswerResponse({
      outcome: 'decided',
      decision: 'Rejected',
      approval,
      by: 'alice@example.com',
      at,
      comment: 'not today',
    });

    expect(counted.statusCode).toBe(200);
    expect(counted.body).toContain('alice@example.com');
    expect(decided.body).toContain('Rejected');
    expect(decided.body).toContain('not today');
  });
});
