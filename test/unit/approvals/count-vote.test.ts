import type { ApprovalVote } from '../../../shared/approvals/approval-record';
import { countVote, distinctGroupsCovered, samePerson } from '../../../shared/approvals/count-vote';

const AT = '2026-12-02T10:00:00.000Z';
const jane = {
  id: 'jane@example.com',
  name: 'Jane Doe',
  email: 'jane@example.com',
  slackUserId: 'U0JANE001',
};
const janeByEmail = { id: 'jane@example.com', email: 'jane@example.com' };
const sam = { id: 'sam@example.com', name: 'Sam Lee', email: 'sam@example.com', slackUserId: 'U0SAM0002' };
const alex = { id: 'slack:U0ALEX003', slackUserId: 'U0ALEX003' };

const vote = (by: ApprovalVote['by'], groups?: string[]): ApprovalVote => ({
  by,
  channel: by.slackUserId ? 'slack' : 'email',
  at: AT,
  ...(groups ? { groups } : {}),
});

describe('countVote', () => {
  it('counts a first vote without reaching a quorum of two', () => {
    // Act
    const count = countVote([], vote(jane), { required: 2, distinctGroups: false });

    // Assess
    expect(count).toEqual({ counted: true, votes: [vote(jane)], reached: false });
  });

  it('reaches the quorum with a second, different person', () => {
    // Act
    const count = countVote([vote(jane)], vote(sam), { required: 2, distinctGroups: false });

    // Assess
    expect(count).toMatchObject({ counted: true, reached: true });
  });

  it('never counts one person twice, across Slack and an email link', () => {
    // Act
    const count = countVote([vote(jane)], vote(janeByEmail), { required: 2, distinctGroups: false });

    // Assess
    expect(count).toEqual({
      counted: false,
      reason: 'ALREADY_VOTED',
      details: { votedAt: AT, via: 'slack', counted: '1 of 2' },
    });
  });

  it('refuses a second approver from the only group already counted', () => {
    // Act
    const count = countVote([vote(jane, ['S0RELEASE'])], vote(sam, ['S0RELEASE']), {
      required: 2,
      distinctGroups: true,
    });

    // Assess
    expect(count).toMatchObject({
      counted: false,
      reason: 'NOT_ALLOWED',
      details: { why: 'group-already-counted' },
    });
  });

  it('refuses an approver in none of the listed groups when groups must be distinct', () => {
    // Act
    const count = countVote([], vote(alex, []), { required: 2, distinctGroups: true });

    // Assess
    expect(count).toMatchObject({ counted: false, details: { why: 'no-listed-group' } });
  });

  it('lets a voter in two groups leave the shared one to someone only in it', () => {
    // Act: Jane is in both; Sam only in release. Greedy would give Jane release and refuse Sam.
    const count = countVote([vote(jane, ['S0RELEASE', 'S0SECURITY'])], vote(sam, ['S0RELEASE']), {
      required: 2,
      distinctGroups: true,
    });

    // Assess
    expect(count).toMatchObject({ counted: true, reached: true });
  });
});

describe('distinctGroupsCovered', () => {
  it.each([
    [[], 0],
    [[['A']], 1],
    [[['A'], ['A']], 1],
    [[['A', 'B'], ['A']], 2],
    [[['A', 'B'], ['A', 'B'], ['A']], 2],
    [[['A', 'B'], ['B', 'C'], ['A']], 3],
    [[[], ['A']], 1],
  ])('matches %j to %i distinct groups', (groups, expected) => {
    expect(distinctGroupsCovered(groups)).toBe(expected);
  });
});

describe('samePerson', () => {
  it.each([
    [jane, janeByEmail, true],
    [jane, { id: 'slack:U0JANE001', slackUserId: 'U0JANE001' }, true],
    [janeByEmail, { id: 'x', email: 'JANE@example.com' }, true],
    [jane, sam, false],
    [alex, { id: 'alex@example.com', email: 'alex@example.com' }, false],
  ])('%j and %j: %s', (a, b, expected) => {
    expect(samePerson(a, b)).toBe(expected);
  });
});
