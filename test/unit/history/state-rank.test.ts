import { isLater, isTerminal } from '../../../shared/history/state-rank';

describe('forward-only state ranking', () => {
  it.each([
    ['RESUMED', 'STARTED'],
    ['STOPPING', 'RESUMED'],
    ['SUCCEEDED', 'STOPPING'],
    ['STOPPED', 'STOPPING'],
    ['SUPERSEDED', 'STARTED'],
  ] as const)('%s is later than %s', (next, current) => {
    expect(isLater({ state: next, attempt: 1 }, { state: current, attempt: 1 })).toBe(true);
    expect(isLater({ state: current, attempt: 1 }, { state: next, attempt: 1 })).toBe(false);
  });

  it('keeps the first terminal state of an attempt', () => {
    expect(isLater({ state: 'FAILED', attempt: 1 }, { state: 'SUCCEEDED', attempt: 1 })).toBe(false);
  });

  it('lets a retry (higher attempt) restart the ladder', () => {
    expect(isLater({ state: 'STARTED', attempt: 2 }, { state: 'FAILED', attempt: 1 })).toBe(true);
    expect(isLater({ state: 'FAILED', attempt: 1 }, { state: 'STARTED', attempt: 2 })).toBe(false);
  });

  it('knows which states end a step', () => {
    expect(['SUCCEEDED', 'ABANDONED', 'SUPERSEDED'].every((s) => isTerminal(s as 'SUCCEEDED'))).toBe(true);
    expect(isTerminal('STOPPING')).toBe(false);
  });
});
