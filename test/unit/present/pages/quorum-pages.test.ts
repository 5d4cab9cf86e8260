import { PipegateError } from '../../../../shared/errors';
import { renderLinkErrorPage } from '../../../../shared/present/pages/link-error-page';
import { linkOutcomePage } from '../../../../shared/present/pages/outcome-pages';

describe('link pages for a quorum', () => {
  it('tells a person whose approval already counts that it needs someone else', () => {
    // Prepare
    const error = new PipegateError('ALREADY_VOTED', 'Your approval already counts.', {
      details: { votedAt: '2026-12-02T10:00:00.000Z', via: 'slack', counted: '1 of 2' },
    });

    // Act
    const page = renderLinkErrorPage(error);

    // Assess
    expect(page).toContain('Your approval already counts');
    expect(page).toContain('1 of 2');
    expect(page).not.toContain('Something went wrong');
  });

  it('says what a distinct-groups quorum needs', () => {
    // Prepare
    const message =
      'Someone from your user group already approved; this approval needs one from another group (S0RELEASE, S0SECURITY).';
    const error = new PipegateError('NOT_ALLOWED', message, { details: { why: 'group-already-counted' } });

    // Act
    const page = renderLinkErrorPage(error);

    // Assess
    expect(page).toContain('needs one from another group (S0RELEASE, S0SECURITY)');
  });

  it('shows a counted vote with the progress', () => {
    // Act
    const page = linkOutcomePage({
      kind: 'counted',
      approval: { pipeline: 'prod-db', stage: 'Approval', action: 'ManualApproval' },
      by: 'sam@example.com',
      at: '2026-12-02T10:00:00.000Z',
      progress: '1 of 2 — approved by sam@example.com · waiting for one more',
    });

    // Assess
    expect(page.title).toBe('Your approval counts — prod-db waits for more');
    expect(page.details).toContainEqual([
      'Approvals',
      '1 of 2 — approved by sam@example.com · waiting for one more',
    ]);
  });
});
