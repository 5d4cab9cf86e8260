import { sleep } from '../../shared/runtime/sleep';
import { buildEnvelope } from './envelopes';
import { type ApprovalGate, autoApprove, type ExecutionPlan, playExecution } from './execution-script';

export interface SimulatorOptions {
  /** Hands a group of envelopes to the transport (the real ingest handler, via an SQS-shaped batch). */
  deliver: (envelopes: Record<string, unknown>[]) => Promise<void>;
  /** Plans for round n (a new round starts every `roundEveryMs`). */
  plans: (start: Date, round: number) => ExecutionPlan[];
  gate?: ApprovalGate;
  /** Real time between two events of one execution. */
  paceMs?: number;
  roundEveryMs?: number;
  onError?: (error: unknown) => void;
}

export interface RunningSimulator {
  stop(): void;
  /** Resolves when the executions started so far have finished playing. */
  settled(): Promise<void>;
}

/**
 * Plays simulated executions in real time. Events are delivered in pairs, so a pair can be re-delivered
 * and reordered by the transport the way EventBridge does.
 */
export const startSimulator = (options: SimulatorOptions): RunningSimulator => {
  const abort = new AbortController();
  const pace = options.paceMs ?? 1_500;
  const plays: Promise<void>[] = [];

  const play = async (plan: ExecutionPlan): Promise<void> => {
    let pending: Record<string, unknown>[] = [];
    // Stamped in real time: the execution starts when its first event is played.
    const executionStartTime = new Date().toISOString();
    for await (const spec of playExecution(plan, options.gate ?? autoApprove)) {
      if (abort.signal.aborted) return;
      pending.push(buildEnvelope({ ...spec, executionStartTime, time: new Date().toISOString() }));
      if (pending.length === 2 || spec.level === 'pipeline' || spec.category === 'Approval') {
        await options.deliver(pending).catch(options.onError);
        pending = [];
      }
      await sleep(pace, abort.signal);
    }
    if (pending.length > 0) await options.deliver(pending).catch(options.onError);
  };

  const startRound = (round: number): void => {
    for (const plan of options.plans(new Date(), round)) plays.push(play(plan).catch(options.onError));
  };

  startRound(0);
  let round = 0;
  const timer = options.roundEveryMs
    ? setInterval(() => {
        round += 1;
        startRound(round);
      }, options.roundEveryMs)
    : undefined;

  return {
    stop() {
      abort.abort();
      if (timer) clearInterval(timer);
    },
    settled: async () => {
      await Promise.all(plays);
    },
  };
};
