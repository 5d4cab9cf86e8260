import { type LinkOutcome, linkOutcomePage } from '../../../../shared/present/pages/outcome-pages';
import { renderNotFoundPage, renderResultPage } from '../../../../shared/present/pages/result-page';
import { approvalRecord } from '../../approvals/link-fixtures';

describe('renderResultPage', () => {
  it('shows the title, message and details', () => {
    // Act
    const page = renderResultPage({
      title: 'Approved — prod-api continues',
      message: 'CodePipeline has been told.',
      tone: 'ok',
      details: [['Approved by', 'Jane Doe']],
    });

    // Assess
    expect(page).toContain('<h1>Approved — prod-api continues</h1>');
    expect(page).toContain('<p>CodePipeline has been told.</p>');
    expect(page).toContain('<div><dt>Approved by</dt><dd>Jane Doe</dd></div>');
  });

  it('escapes the title, message and details', () => {
    // Prepare
    const evil = '<script>alert("x")</script>';

    // Act
    const page = renderResultPage({ title: evil, message: evil, tone: 'error', details: [[evil, evil]] });

    // Assess
    expect(page).not.toContain('<script>');
    expect(page.match(/&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/g)).toHaveLength(5);
  });

  it.each([
    ['ok', '✓'],
    ['warn', '!'],
    ['error', '✕'],
  ] as const)('marks a %s outcome with a symbol as well as a colour', (tone, symbol) => {
    // Act
    const page = renderResultPage({ title: 't', message: 'm', tone });

    // Assess
    expect(page).toContain(`<p class="tone tone-${tone}" aria-hidden="true">${symbol}</p>`);
  });
});

describe('renderNotFoundPage', () => {
  it('says the page does not exist, without scripts', () => {
    // Act
    const page = renderNotFoundPage();

    // Assess
    expect(page).toContain('<h1>Page not found</h1>');
    expect(page).not.toMatch(/<script/i);
  });
});

describe('linkOutcomePage', () => {
  it('says an approved pipeline continues', () => {
    // Act
    const result = linkOutcomePage({
      kind: 'decided',
      decision: 'Approved',
      approval: approvalRecord(),
      by: 'Jane Doe',
      at: '2026-09-01T12:03:00.000Z',
    });

    // Assess
    expect(result.title).toBe('Approved — prod-api continues');
    expect(result.details).toContainEqual(['At', '2026-09-01 12:03 UTC']);
  });

  it('says who decided first, where and when', () => {
    // Act
    const result = linkOutcomePage({
      kind: 'already-decided',
      decision: 'Rejected',
      by: 'Jane Doe',
      at: '2026-09-01T12:03:00.000Z',
      channel: 'slack',
    });

    // Assess
    expect(result).toEqual(
      expect.objectContaining({
        title: 'Already rejected',
        message: 'Jane Doe rejected this in Slack at 2026-09-01 12:03 UTC. Your click changed nothing.',
        tone: 'warn',
      }),
    );
  });

  it.each<[LinkOutcome, string]>([
    [{ kind: 'expired', expiredAt: '2026-09-01T12:00:00.000Z' }, 'This link has expired'],
    [{ kind: 'used' }, 'This link was already used'],
    [{ kind: 'not-allowed' }, 'You cannot decide this approval'],
    [{ kind: 'self-approval' }, 'You cannot approve your own change'],
    [{ kind: 'completed-outside' }, 'Already completed outside pipegate'],
    [{ kind: 'invalid' }, 'This link is not valid'],
  ])('titles a %o outcome "%s"', (outcome, title) => {
    // Act
    const result = linkOutcomePage(outcome);

    // Assess
    expect(result.title).toBe(title);
  });
});
