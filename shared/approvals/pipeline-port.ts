import type { PipelineLocation } from '../accounts/account-access';

/** Where an approval action stands in CodePipeline right now. */
export type ApprovalActionState =
  | { status: 'in-progress'; token: string }
  /** The action execution is known but no longer waiting (decided in the console/CLI, timed out, abandoned). */
  | { status: 'not-in-progress'; latestStatus: string; updatedBy?: string; summary?: string }
  /** CodePipeline does not show this action execution (yet): the event can arrive before the state does. */
  | { status: 'not-visible' };

/** An approval action execution; account and region say which CodePipeline to ask (absent: this account's). */
export interface ApprovalActionRef extends PipelineLocation {
  pipeline: string;
  stage: string;
  action: string;
  executionId: string;
  approvalId: string;
}

/** What the pipeline's definition says about an approval action (GetPipeline). */
export interface ApprovalSettings {
  customData?: string;
  /** ExternalEntityLink: what the approver should review. */
  reviewUrl?: string;
  timeoutMinutes?: number;
}

/**
 * Port: CodePipeline as the approval flow needs it. The adapter translates errors:
 * ApprovalAlreadyCompleted → ALREADY_DECIDED, InvalidApprovalToken/ActionNotFound → APPROVAL_NOT_ACTIVE,
 * PipelineNotFound/StageNotFound → NOT_FOUND, throttling/5xx → TRANSIENT. Every call goes to the pipeline's
 * own account and region; one pipegate is not set up for is refused with ACCOUNT_NOT_CONFIGURED.
 */
export interface PipelinePort {
  approvalState(ref: ApprovalActionRef): Promise<ApprovalActionState>;
  /** CodePipeline's own status of an execution (`InProgress`, `Succeeded`, …); undefined when unknown. */
  executionStatus(
    pipeline: string,
    executionId: string,
    where?: PipelineLocation,
  ): Promise<string | undefined>;
  /** The approval action's configuration; undefined when the pipeline or action is not found. */
  approvalSettings(
    ref: PipelineLocation & {
      pipeline: string;
      stage: string;
      action: string;
    },
  ): Promise<ApprovalSettings | undefined>;
  putApprovalResult(
    input: PipelineLocation & {
      pipeline: string;
      stage: string;
      action: string;
      token: string;
      status: 'Approved' | 'Rejected';
      summary: string;
    },
  ): Promise<{ approvedAt?: string }>;
}
