import type { Decided } from '../../../shared/approvals/complete-decision';
import type { Claimed, Counted } from '../../../shared/approvals/decide-approval';
import type { Refusal, Refused } from '../../../shared/approvals/refusal';

/** The claim a test expects to have won (fails the test with the refusal otherwise). */
export const claimedOf = (result: Claimed | Counted | Refused): Claimed => {
  if (result.outcome === 'refused') throw new Error(`expected a claim, got ${result.refusal.reason}`);
  if (result.outcome === 'counted') throw new Error('expected a claim, got a counted quorum vote');
  return result;
};

/** The record a test expects to hold a counted quorum vote (fails the test otherwise). */
export const countedOf = (result: Claimed | Counted | Decided | Refused): Counted['record'] => {
  if (result.outcome !== 'counted') throw new Error(`expected a counted vote, got ${result.outcome}`);
  return result.record;
};

/** The record a test expects to have been decided (fails the test with the refusal otherwise). */
export const decidedOf = (result: Decided | Counted | Refused): Decided['record'] => {
  if (result.outcome === 'refused') throw new Error(`expected a decision, got ${result.refusal.reason}`);
  if (result.outcome === 'counted') throw new Error('expected a decision, got a counted quorum vote');
  return result.record;
};

/** The refusal a test expects (fails the test when it was not refused). */
export const refusalOf = (result: Claimed | Counted | Decided | Refused): Refusal => {
  if (result.outcome !== 'refused') throw new Error(`expected a refusal, got ${result.outcome}`);
  return result.refusal;
};
