import type { ApprovalResults } from './codepipeline-approval-result';
import { type ArtifactRevision, PipelineModel } from './codepipeline-model';
import { codePipelineOperations, type Operation } from './codepipeline-operations';
import type {
  ActionStateChange,
  ApprovalResultEvent,
  ApprovalWait,
  Decision,
  ExecutionStatus,
  PipelineDefinition,
} from './codepipeline-types';

/** One account-and-region's CodePipeline as a test or the simulator drives it. */
export interface PipelineWorld {
  definePipeline(definition: PipelineDefinition): void;
  /** Creates an execution or changes its status; approvals and action states create theirs implicitly. */
  startExecution(pipeline: string, executionId: string, status?: ExecutionStatus): void;
  /** The source revisions GetPipelineExecution answers for an execution (none unless set). */
  setArtifactRevisions(pipeline: string, executionId: string, revisions: ArtifactRevision[]): void;
  /** Puts an approval action in progress for an execution and returns its token. */
  startApprovalWait(wait: ApprovalWait): string;
  /** Someone decided in the console: a later PutApprovalResult gets ApprovalAlreadyCompletedException. */
  completeOutside(pipeline: string, stage: string, action: string, status: Decision): void;
  /** Sets any action's state for an execution (how a simulator moves a pipeline along); returns its id. */
  setActionState(change: ActionStateChange): string;
  /** Called after each successful PutApprovalResult here; returns an unsubscribe function. */
  onApprovalResult(listener: (event: ApprovalResultEvent) => void): () => void;
}

interface World {
  model: PipelineModel;
  operations: Record<string, Operation>;
  account?: string;
  region?: string;
}

/**
 * The stand-in's pipelines per account and region. The central account's world answers in every region
 * (as the stand-in always did); a member account's pipelines exist only in the region they were defined in,
 * and only that account's credentials see them — the central account's own keys get PipelineNotFound,
 * exactly what AWS answers when pipegate forgets to assume the member role.
 */
export class PipelineWorlds {
  readonly home: World;
  private readonly members = new Map<string, World>();

  constructor(
    private readonly homeAccount: string,
    private readonly now: () => Date,
    private readonly approvals: ApprovalResults,
  ) {
    this.home = this.create();
  }

  private create(account?: string, region?: string): World {
    const model = new PipelineModel(this.now);
    const record = (event: ApprovalResultEvent) => this.approvals.record({ ...event, account, region });
    return { model, operations: codePipelineOperations(model, { record }), account, region };
  }

  /** The world a signed request reaches: the caller's account, in the region its signature names. */
  reachedBy(account: string, region: string): World {
    const member = this.members.get(`${account}/${region}`);
    if (member) return member;
    // Nothing defined there: an empty world, so every lookup fails as the real service's would.
    return account === this.homeAccount ? this.home : this.create(account, region);
  }

  /** The world of one account and region, created on first use. */
  world(account: string, region: string): World {
    const key = `${account}/${region}`;
    let found = this.members.get(key);
    if (!found) {
      found = this.create(account, region);
      this.members.set(key, found);
    }
    return found;
  }

  all(): World[] {
    return [this.home, ...this.members.values()];
  }

  reset(): void {
    this.home.model.reset();
    this.members.clear();
  }

  /** The driving interface of one world (tests, simulator). */
  view(world: World): PipelineWorld {
    const { model } = world;
    return {
      definePipeline: (definition) => model.define(definition),
      startExecution: (pipeline, executionId, status) => model.startExecution(pipeline, executionId, status),
      setArtifactRevisions: (pipeline, executionId, revisions) =>
        model.setArtifactRevisions(pipeline, executionId, revisions),
      startApprovalWait: (wait) => model.startApprovalWait(wait),
      completeOutside: (pipeline, stage, action, status) =>
        model.completeOutside(pipeline, stage, action, status),
      setActionState: (change) => model.setActionState(change),
      onApprovalResult: (listener) =>
        this.approvals.subscribe((event) => {
          if (
            world === this.home
              ? event.account === undefined
              : event.account === world.account && event.region === world.region
          )
            listener(event);
        }),
    };
  }
}
