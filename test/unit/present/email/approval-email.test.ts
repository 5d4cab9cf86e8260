import { renderApprovalEmail } from '../../../../shared/present/email/approval-email';
import { pendingApproval, summaryOf } from '../summaries';

const LINKS = {
  approve: 'https://gate.example.com/a/approve?sig=abc&kid=k1',
  reject: 'https://gate.example.com/a/reject?sig=def&kid=k1',
  choose: 'https://gate.example.com/a/choose?sig=ghi&kid=k1',
};

describe('renderApprovalEmail', () => {
  it('greets the recipient and says the pipeline waits for their approval', () => {
    // Prepare
    const approval = pendingApproval();

    // Act
    const { body } = renderApprovalEmail(approval, undefined, LINKS, 'jane@example.com');

    // Assess
    expect(
      body.startsWith(
        'Hi jane@example.com,\n\nprod-api is waiting for your approval at Approval / ManualApproval.',
      ),
    ).toBe(true);
  });

  it('puts each of the three links on a line of its own', () => {
    // Prepare
    const approval = pendingApproval();

    // Act
    const { body } = renderApprovalEmail(approval, undefined, LINKS, 'jane@example.com');

    // Assess
    const lines = body.split('\n');
    expect(lines).toContain(LINKS.approve);
    expect(lines).toContain(LINKS.reject);
    expect(lines).toContain(LINKS.choose);
  });

  it('says that opening a link does not decide', () => {
    // Prepare
    const approval = pendingApproval();

    // Act
    const { body } = renderApprovalEmail(approval, undefined, LINKS, 'jane@example.com');

    // Assess
    expect(body).toContain('Opening a link does not decide — you confirm on the page.');
  });

  it('says what is being approved: commit, author, branch, expiry and the stages so far', () => {
    // Prepare
    const approval = pendingApproval();

    // Act
    const { body } = renderApprovalEmail(
      approval,
      summaryOf('prod-api-success', 11),
      LINKS,
      'jane@example.com',
    );

    // Assess
    expect(body).toMatch(/^Commit: +9c4e1f7 Add \/healthz endpoint to the API$/m);
    expect(body).toMatch(/^Author: +Jane Doe <jane@example.com>$/m);
    expect(body).toMatch(/^Expires: +Fri 27 Nov 2026 10:04 UTC$/m);
    expect(body).toContain(
      'Stages so far:\n  ✔ Source    4s\n  ✔ Build     4m 42s\n  ⏳ Approval  waiting for approval',
    );
  });

  it('has a one-line subject naming the pipeline, run and approval', () => {
    // Prepare
    const approval = pendingApproval();

    // Act
    const { subject } = renderApprovalEmail(approval, undefined, LINKS, 'jane@example.com');

    // Assess
    expect(subject).toBe('⏳ Approval needed: prod-api #4f1c2a (Approval/ManualApproval)');
  });

  it('keeps the subject under 100 characters for 100-character names', () => {
    // Prepare
    const approval = pendingApproval({
      pipeline: 'p'.repeat(100),
      stage: 's'.repeat(100),
      action: 'a'.repeat(100),
    });

    // Act
    const { subject } = renderApprovalEmail(approval, undefined, LINKS, 'jane@example.com');

    // Assess
    expect(subject.length).toBeLessThan(100);
    expect(subject).toMatch(/^⏳ Approval needed: p+… #4f1c2a \(s+…$/);
  });

  it('addresses the SNS message to the recipient through its attributes', () => {
    // Prepare
    const approval = pendingApproval();

    // Act
    const { attributes } = renderApprovalEmail(approval, undefined, LINKS, 'jane@example.com');

    // Assess
    expect(attributes).toEqual({
      pipeline: 'prod-api',
      state: 'APPROVAL',
      level: 'action',
      severity: 'action',
      recipient: 'jane@example.com',
    });
  });
});
