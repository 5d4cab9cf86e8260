import type { Actor } from '../audit/audit-entry';
import type { PipegateConfig } from '../config/pipegate-config';
import type { ChatPort } from '../delivery/chat-port';
import { type ActiveFreeze, activeFreezes, breakGlassNames, describeFreeze } from '../freezes/active-freezes';
import { mayBreakGlass } from '../freezes/break-glass';
import type { ApprovalTarget } from './approval-policy';
import { type Refusal, refusal } from './refusal';

/** Whether a freeze holds an approval now, and whether this person may break it. */
export type FreezeGate = { frozen: false } | { frozen: true; freezes: ActiveFreeze[]; canBreak: boolean };

export interface FreezeGateDeps {
  config: Pick<PipegateConfig, 'freezes'>;
  chat?: Pick<ChatPort, 'userGroupMembers'>;
  /** The clock port: freezes are evaluated at this time, never at Date.now(). */
  now: () => Date;
}

/**
 * The freezes holding `target` now; the actor may break them only when every one of them lists the actor
 * under `breakGlass` (two overlapping freezes with different owners both have to agree).
 * @example
 * const gate = await freezeGate(record, actor, deps); // { frozen: true, freezes: [...], canBreak: false }
 */
export const freezeGate = async (
  target: ApprovalTarget,
  actor: Actor,
  deps: FreezeGateDeps,
): Promise<FreezeGate> => {
  const freezes = activeFreezes(deps.config.freezes, target, deps.now());
  if (freezes.length === 0) return { frozen: false };
  let canBreak = true;
  for (const active of freezes) {
    canBreak &&= await mayBreakGlass(active.freeze.breakGlass, actor, deps.chat);
  }
  return { frozen: true, freezes, canBreak };
};

/** What a decision that broke a freeze carries to its audit entry and announcement. */
export interface BreakGlassUse {
  freezes: string[];
  /** ISO time the latest of the freezes ends. */
  until: string;
}

const detailsOf = (freezes: ActiveFreeze[]): Record<string, string> => ({
  freeze: freezes.map((active) => active.freeze.name).join(', '),
  until: new Date(Math.max(...freezes.map((active) => active.until.getTime()))).toISOString(),
  breakGlass: [...new Set(freezes.flatMap((active) => breakGlassNames(active.freeze.breakGlass)))].join(', '),
  explained: freezes.map(describeFreeze).join(' '),
});

/** May this approve go ahead under the freezes now: allowed (breaking the glass, or no freeze), or refused. */
export type FreezeCheck =
  | { allowed: true; breakGlass?: BreakGlassUse }
  | { allowed: false; refusal: Refusal };

/**
 * Refuses an approve inside a freeze, unless the actor may break the glass and gave a reason (`comment`). A
 * reject is never held: stopping a change is always safe. Only reads; the claim puts a refusal on the record.
 * Allowed with the break-glass use to record when the freeze was broken.
 */
export const checkFreeze = async (
  input: { decision: 'Approved' | 'Rejected'; comment?: string; actor: Actor },
  target: ApprovalTarget,
  deps: FreezeGateDeps,
): Promise<FreezeCheck> => {
  if (input.decision === 'Rejected') return { allowed: true };
  const gate = await freezeGate(target, input.actor, deps);
  if (!gate.frozen) return { allowed: true };
  const details = detailsOf(gate.freezes);
  if (!gate.canBreak) {
    return {
      allowed: false,
      refusal: refusal('FROZEN', details.explained ?? 'A change freeze holds this approval.', details),
    };
  }
  if (!input.comment?.trim()) {
    return {
      allowed: false,
      refusal: refusal(
        'REASON_REQUIRED',
        'You may break the change freeze, but only with a reason.',
        details,
      ),
    };
  }
  return {
    allowed: true,
    breakGlass: { freezes: gate.freezes.map((active) => active.freeze.name), until: details.until ?? '' },
  };
};
