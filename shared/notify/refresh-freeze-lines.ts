import type { ApprovalRecord } from '../approvals/approval-record';
import type { ApprovalStore } from '../approvals/approval-store';
import { isLiveClaim } from '../approvals/claim-approval';
import type { PipegateConfig } from '../config/pipegate-config';
import { activeFreezes, freezeSetKey } from '../freezes/active-freezes';
import type { Log } from '../logging/log';

export interface RefreshFreezeLinesDeps {
  config: Pick<PipegateConfig, 'freezes'>;
  approvals: ApprovalStore;
  log: Log;
  now: () => Date;
  /** Re-renders a pending approval's Slack request (and card) with the freezes in force now. */
  announce?: (record: ApprovalRecord) => Promise<void>;
}

/**
 * A request posted before a freeze began says nothing of it, and one posted during a freeze keeps saying
 * so after it ended. For each pending approval whose freezes in force differ from those its request shows
 * (`shownFreezes`), the request is re-rendered, then the new set stored with a conditional write: once per
 * change, not every sweep. A lost write (a vote meanwhile) only means one more re-render next sweep; an
 * approval being decided (live claim) is left to the decision, which re-renders it anyway.
 * @returns how many requests were re-rendered
 */
export const refreshFreezeLines = async (
  pending: readonly ApprovalRecord[],
  deps: RefreshFreezeLinesDeps,
): Promise<number> => {
  if (!deps.announce) return 0;
  const now = deps.now();
  let refreshed = 0;
  for (const record of pending) {
    if (record.slackMessages.length === 0 || isLiveClaim(record, now)) continue;
    const inForce = freezeSetKey(activeFreezes(deps.config.freezes, record, now));
    if (inForce === (record.shownFreezes ?? '')) continue;
    try {
      await deps.announce(record);
      await deps.approvals.update({ ...record, shownFreezes: inForce });
      refreshed += 1;
    } catch (error) {
      deps.log.warn('could not re-render a request for a change freeze', {
        approvalId: record.approvalId,
        errorMessage: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return refreshed;
};
