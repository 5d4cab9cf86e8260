import type { Actor } from '../audit/audit-entry';
import type { ChangeSummary } from '../changes/change-summary';
import type { TriggerInfo } from '../events/pipeline-event';

export type ApprovalStatus =
  | 'pending'
  | 'approved'
  | 'rejected'
  | 'completed-outside'
  | 'expired'
  | 'abandoned';

export interface SlackMessageRef {
  /** Channel id Slack returned (chat.update needs it). */
  channel: string;
  ts: string;
  /** The channel as configured, which keys the execution's card there. */
  cardChannel: string;
}

/** One approver's vote towards a quorum (`required: N`), kept on the approval record. */
export interface ApprovalVote {
  by: Actor;
  channel: 'slack' | 'email';
  at: string;
  comment?: string;
  /** The policy's Slack user groups the voter was in (only with `distinctGroups`). */
  groups?: string[];
}

/** A CodePipeline manual approval pipegate is gating. Its id is the action's action-execution-id. */
export interface ApprovalRecord {
  approvalId: string;
  pipeline: string;
  executionId: string;
  stage: string;
  action: string;
  account?: string;
  region?: string;
  requestedAt: string;
  /** When the approval stops being actionable (≤ the action's timeout; CodePipeline's default is 7 days). */
  expiresAt: string;
  status: ApprovalStatus;
  trigger?: TriggerInfo;
  /** From the action's configuration: what the pipeline author wants approvers to know and review. */
  customData?: string;
  reviewUrl?: string;
  /** What the approval ships against the last run that got past the stage; set once, at request time. */
  changes?: ChangeSummary;
  /** Set by the single conditional write that wins the right to decide. */
  claim?: { by: Actor; decision: 'Approved' | 'Rejected'; at: string; channel: 'slack' | 'email' };
  decidedBy?: Actor;
  decidedAt?: string;
  /**
   * The claim (its `at`) the decision was completed under: a late job of an earlier claim by the same
   * person — one that went stale and was taken over — is told apart from the job that decided.
   */
  decidedUnder?: string;
  decision?: 'Approved' | 'Rejected';
  channel?: 'slack' | 'email' | 'console';
  comment?: string;
  /** Approved inside these change freezes by someone on their break-glass list; the reason is `comment`. */
  breakGlass?: { freezes: string[] };
  /**
   * The change freezes the Slack request shows (`freezeSetKey`; '' for none): the sweeper re-renders the
   * request when the set in force differs — a freeze began or ended — once per change. Absent: none shown.
   */
  shownFreezes?: string;
  /** Slack messages that carry this approval's buttons, to update once it is decided. */
  slackMessages: SlackMessageRef[];
  /** Email recipients who were sent personal links. */
  emailRecipients: string[];
  /** How many approvals the policy asked for when the first vote was cast (absent: one). */
  required?: number;
  /** Approvals counted so far, in order; the one reaching `required` also takes the claim. */
  votes?: ApprovalVote[];
  version: number;
}
