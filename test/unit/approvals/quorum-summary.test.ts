import { quorumSummary } from '../../../shared/approvals/decision-summary';

const jane = { id: 'jane@example.com', name: 'Jane Doe', email: 'jane@example.com' };
const sam = { id: 'sam@example.com', email: 'sam@example.com' };

describe('quorumSummary', () => {
  it('names every approver with channel and comment', () => {
    // Act
    const summary = quorumSummary([
      { by: jane, channel: 'slack', comment: 'ship it' },
      { by: sam, channel: 'email' },
    ]);

    // Assess
    expect(summary).toBe(
      'Approved by 2: Jane Doe <jane@example.com> via Slack ("ship it"); sam@example.com via email link',
    );
  });

  it('shortens long comments, not names, to fit CodePipeline’s 512 characters', () => {
    // Prepare
    const long = 'x'.repeat(400);

    // Act
    const summary = quorumSummary([
      { by: jane, channel: 'slack', comment: long },
      { by: sam, channel: 'email', comment: long },
      { by: { id: 'alex@example.com', name: 'Alex Kim', email: 'alex@example.com' }, channel: 'slack' },
    ]);

    // Assess
    expect(summary.length).toBeLessThanOrEqual(512);
    expect(summary).toContain('Jane Doe <jane@example.com> via Slack ("xxx');
    expect(summary).toContain('sam@example.com via email link ("xxx');
    expect(summary).toContain('Alex Kim <alex@example.com> via Slack');
    expect(summary).toContain('…");');
  });

  it('cuts names only when they alone are longer than the limit', () => {
    // Act
    const summary = quorumSummary(
      Array.from({ length: 10 }, (_, index) => ({
        by: { id: `p${index}`, name: 'N'.repeat(60), email: `person${index}@example.com` },
        channel: 'slack' as const,
      })),
    );

    // Assess
    expect(summary).toHaveLength(512);
    expect(summary.endsWith('…')).toBe(true);
  });
});
