import { renderConfirmPage } from '../../../../shared/present/pages/confirm-page';
import { approvalRecord, executionSummary } from '../../approvals/link-fixtures';

const TOKEN = 'eyJ2IjoxfQ.k1.c2lnbmF0dXJl';

const confirmPage = (overrides: Partial<Parameters<typeof renderConfirmPage>[0]> = {}): string =>
  renderConfirmPage({
    approval: approvalRecord(),
    summary: executionSummary(),
    token: TOKEN,
    decision: 'approve',
    recipient: 'jane@example.com',
    requireRejectComment: false,
    ...overrides,
  });

/** The opening tags of every element named `tag`, e.g. all `<button …>` tags. */
const tagsOf = (page: string, tag: string): string[] => page.match(new RegExp(`<${tag}\\b[^>]*>`, 'g')) ?? [];

describe('renderConfirmPage', () => {
  it('holds a form that POSTs back to the same URL with the token in a hidden field', () => {
    // Act
    const page = confirmPage();

    // Assess
    expect(tagsOf(page, 'form')).toEqual(['<form method="post" action="">']);
    expect(tagsOf(page, 'input')).toEqual([`<input type="hidden" name="t" value="${TOKEN}">`]);
  });

  it('has no script of any kind', () => {
    // Act
    const page = confirmPage({ decision: 'choose' });

    // Assess
    expect(page).not.toMatch(/<script|javascript:|\son[a-z]+=/i);
  });

  it('says that opening the page decided nothing', () => {
    // Act
    const page = confirmPage();

    // Assess
    expect(page).toContain('Opening this page did not decide anything.');
  });

  it('escapes a commit message with a script tag and quotes', () => {
    // Prepare
    const approval = approvalRecord({
      trigger: { commitId: 'abc1234', commitMessage: 'Fix "quotes" <script>alert(1)</script>' },
    });

    // Act
    const page = confirmPage({ approval });

    // Assess
    expect(page).toContain('Fix &quot;quotes&quot; &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>');
  });

  it('escapes every value it shows, in text and in attributes', () => {
    // Prepare
    const evil = `<img src=x onerror=alert(1)>"'&`;
    const approval = approvalRecord({
      pipeline: evil,
      stage: evil,
      action: evil,
      account: evil,
      region: evil,
      trigger: {
        type: evil,
        detail: evil,
        authorName: evil,
        authorEmail: evil,
        commitId: evil,
        commitMessage: evil,
        branch: evil,
        repository: evil,
      },
    });
    const summary = executionSummary({
      stages: { [evil]: { name: evil, state: 'STARTED', attempt: 1, firstSeenAt: 'x', updatedAt: 'x' } },
    });

    // Act
    const page = confirmPage({ approval, summary, token: evil, recipient: evil, problem: evil });

    // Assess
    expect(page).not.toContain('<img');
    expect(page).not.toMatch(/"'/);
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;');
  });

  it('shows what is being approved: pipeline, where it waits, execution, commit, author, source, trigger', () => {
    // Act
    const page = confirmPage();

    // Assess
    expect(page).toContain('<h1>Approve prod-api?</h1>');
    expect(page).toContain('Approval → ManualApproval');
    expect(page).toContain('<code>3f2a9c1e</code>');
    expect(page).toContain('<code>7d3c2b1</code> Raise checkout timeout to 30 s</dd>');
    expect(page).toContain('Sam Roe (sam@example.com)');
    expect(page).toContain('main · acme/prod-api');
    expect(page).toContain('<dt>Triggered by</dt><dd>Sam Roe (WebhookV2)</dd>');
  });

  it('names the IAM principal who started a manual execution', () => {
    // Prepare
    const approval = approvalRecord({
      trigger: {
        type: 'StartPipelineExecution',
        detail: 'arn:aws:sts::123456789012:assumed-role/Admin/sam.roe',
      },
    });

    // Act
    const page = confirmPage({ approval });

    // Assess
    expect(page).toContain('<dt>Triggered by</dt><dd>sam.roe (StartPipelineExecution)</dd>');
  });

  it('lists the stages so far in the order they ran', () => {
    // Act
    const page = confirmPage();

    // Assess
    const stages = [...page.matchAll(/<li>([^ <]+) /g)].map((match) => match[1]);
    expect(stages).toEqual(['Source', 'Build', 'Approval']);
  });

  it('shows the expiry in UTC', () => {
    // Act
    const page = confirmPage({ expiresAt: new Date('2026-09-01T13:00:00.000Z') });

    // Assess
    expect(page).toContain('<dt>Expires</dt><dd>2026-09-01 13:00 UTC</dd>');
  });

  it('offers only Approve on an approve link: the signed decision binds', () => {
    // Act
    const page = confirmPage({ decision: 'approve' });

    // Assess
    expect(tagsOf(page, 'button')).toEqual([
      '<button type="submit" name="decision" value="approve" class="approve">',
    ]);
    expect(page).toContain('To reject instead, open the Reject link of the same email.');
  });

  it('offers only Reject on a reject link: the signed decision binds', () => {
    // Act
    const page = confirmPage({ decision: 'reject' });

    // Assess
    expect(tagsOf(page, 'button')).toEqual([
      '<button type="submit" name="decision" value="reject" class="reject">',
    ]);
  });

  it('offers both decisions on a choose link', () => {
    // Act
    const page = confirmPage({ decision: 'choose' });

    // Assess
    expect(tagsOf(page, 'button').map((tag) => /value="(\w+)"/.exec(tag)?.[1])).toEqual([
      'approve',
      'reject',
    ]);
  });

  it('marks the comment required on a reject link when the policy requires a reject comment', () => {
    // Act
    const page = confirmPage({ decision: 'reject', requireRejectComment: true });

    // Assess
    expect(tagsOf(page, 'textarea')).toEqual([
      '<textarea id="comment" name="comment" rows="3" maxlength="400" required>',
    ]);
    expect(page).toContain('Comment (required to reject)');
  });

  it('does not make the comment required where approving is the main choice', () => {
    // Act
    const page = confirmPage({ decision: 'choose', requireRejectComment: true });

    // Assess
    expect(tagsOf(page, 'textarea')[0]).not.toContain('required');
    expect(page).toContain('Comment (optional; required to reject)');
  });

  it('links to the AWS console without sending a referrer', () => {
    // Act
    const page = confirmPage({
      consoleUrl: 'https://console.aws.amazon.com/codesuite/codepipeline/x?a=1&b=2',
    });

    // Assess
    expect(page).toContain(
      '<a href="https://console.aws.amazon.com/codesuite/codepipeline/x?a=1&amp;b=2" rel="noreferrer noopener">',
    );
  });

  it('does not link a console URL that is not http(s)', () => {
    // Act
    const page = confirmPage({ consoleUrl: 'javascript:alert(1)' });

    // Assess
    expect(page).not.toContain('alert(1)');
  });

  it('fits a phone screen', () => {
    // Act
    const page = confirmPage();

    // Assess
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  });

  it('shows why the last attempt was not accepted', () => {
    // Act
    const page = confirmPage({ decision: 'reject', problem: 'Please say why you reject.' });

    // Assess
    expect(page).toContain('<p class="problem" role="alert">Please say why you reject.</p>');
  });
});
