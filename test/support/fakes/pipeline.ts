import type { PipelineLocation } from '../../../shared/accounts/account-access';
import type {
  ApprovalActionRef,
  ApprovalActionState,
  ApprovalSettings,
  PipelinePort,
} from '../../../shared/approvals/pipeline-port';
import { PipegateError } from '../../../shared/errors';
import { copy, Faults } from './faults';

interface ApprovalAction {
  state: ApprovalActionState;
  /** The results CodePipeline accepted for this action execution. */
  results: { status: 'Approved' | 'Rejected'; summary: string; token: string }[];
}

/**
 * CodePipeline as the approval flow sees it ({@link PipelinePort}), in memory. An action waits with a token
 * until a result is put; a second result is refused with ALREADY_DECIDED (ApprovalAlreadyCompleted, as the
 * adapter translates it), a wrong token with APPROVAL_NOT_ACTIVE. Actions the test never declared are not
 * visible, as in CodePipeline before the state catches up with the event.
 */
export class FakeCodePipeline implements PipelinePort {
  readonly faults = new Faults<keyof PipelinePort>();
  /** Every PutApprovalResult call that reached CodePipeline. */
  readonly puts: Parameters<PipelinePort['putApprovalResult']>[0][] = [];
  private readonly actions = new Map<string, ApprovalAction>();
  private readonly settings = new Map<string, ApprovalSettings>();
  private readonly executions = new Map<string, string>();
  private readonly accounts: Set<string> | undefined;

  /** With `accounts`, calls for any other account are ACCOUNT_NOT_CONFIGURED (absent account = own). */
  constructor(options: { accounts?: string[] } = {}) {
    this.accounts = options.accounts ? new Set(options.accounts) : undefined;
  }

  private reach(where: PipelineLocation): void {
    if (!this.accounts || !where.account || this.accounts.has(where.account)) return;
    throw new PipegateError('ACCOUNT_NOT_CONFIGURED', `pipegate is not set up for account ${where.account}`, {
      details: { account: where.account },
    });
  }

  /** The approval action waits for a decision, with this token. */
  waiting(approvalId: string, token = `token-${approvalId}`): this {
    this.actions.set(approvalId, { state: { status: 'in-progress', token }, results: [] });
    return this;
  }

  /** The action has ended outside pipegate (console, CLI, timeout). */
  ended(approvalId: string, latestStatus: string, summary?: string): this {
    this.actions.set(approvalId, {
      state: { status: 'not-in-progress', latestStatus, ...(summary ? { summary } : {}) },
      results: [],
    });
    return this;
  }

  actionSettings(pipeline: string, stage: string, action: string, settings: ApprovalSettings): this {
    this.settings.set(`${pipeline}/${stage}/${action}`, { ...settings });
    return this;
  }

  execution(executionId: string, status: string): this {
    this.executions.set(executionId, status);
    return this;
  }

  async approvalState(ref: ApprovalActionRef): Promise<ApprovalActionState> {
    this.reach(ref);
    this.faults.check('approvalState');
    const action = this.actions.get(ref.approvalId);
    return action ? copy(action.state) : { status: 'not-visible' };
  }

  async executionStatus(
    _pipeline: string,
    executionId: string,
    where: PipelineLocation = {},
  ): Promise<string | undefined> {
    this.reach(where);
    this.faults.check('executionStatus');
    return this.executions.get(executionId);
  }

  async approvalSettings(
    ref: PipelineLocation & { pipeline: string; stage: string; action: string },
  ): Promise<ApprovalSettings | undefined> {
    this.reach(ref);
    this.faults.check('approvalSettings');
    const found = this.settings.get(`${ref.pipeline}/${ref.stage}/${ref.action}`);
    return found ? { ...found } : undefined;
  }

  async putApprovalResult(
    input: Parameters<PipelinePort['putApprovalResult']>[0],
  ): Promise<{ approvedAt?: string }> {
    this.reach(input);
    this.faults.check('putApprovalResult');
    const entry = [...this.actions.entries()].find(
      ([, action]) => action.state.status === 'in-progress' && action.state.token === input.token,
    );
    if (!entry) {
      const decided = [...this.actions.values()].some((action) =>
        action.results.some((result) => result.token === input.token),
      );
      throw decided
        ? new PipegateError('ALREADY_DECIDED', 'ApprovalAlreadyCompletedException')
        : new PipegateError('APPROVAL_NOT_ACTIVE', 'InvalidApprovalTokenException');
    }
    const [, action] = entry;
    this.puts.push(copy(input));
    action.results.push({ status: input.status, summary: input.summary, token: input.token });
    action.state = {
      status: 'not-in-progress',
      latestStatus: input.status === 'Approved' ? 'Succeeded' : 'Failed',
      summary: input.summary,
    };
    return { approvedAt: '2026-09-01T12:00:01.000Z' };
  }

  /** A PutApprovalResult whose response is lost: CodePipeline applies it, the caller sees a failure. */
  loseNextResponse(error: unknown = new PipegateError('TRANSIENT', 'socket hang up')): void {
    const put = this.putApprovalResult.bind(this);
    this.putApprovalResult = async (input) => {
      this.putApprovalResult = put;
      await put(input);
      throw error;
    };
  }
}
