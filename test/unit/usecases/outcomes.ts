import type { Decided } from '../../../shared/approvals/complete-decision';
import type { Claimed } from '../../../shared/approvals/decide-approval';
import type { Refusal, Refused } from '../../../shared/approvals/refusal';

/** The claim a test expects to have won (fails the test with the refusal otherwise). */
export const claimedOf = (result: Claimed | Refused): Claimed => {
  if (result.outcome === 'refused') throw new Error(`expected a claim, got ${result.refusal.reason}`);
  return result;
};

/** The record a test expects to have been decided (fails the test with the refusal otherwise). */
export const decidedOf = (result: Decided | Refused): Decided['record'] => {
  if (result.outcome === 'refused') throw new Error(`expected a decision, got ${result.refusal.reason}`);
  return result.record;
};

/** The refusal a test expects (fails the test when it was not refused). */
export const refusalOf = (result: Claimed | Decided | Refused): Refusal => {
  if (result.outcome !== 'refused') throw new Error(`expected a refusal, got ${result.outcome}`);
  return result.refusal;
};
