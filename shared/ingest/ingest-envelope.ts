import { PipegateError } from '../errors';
import { parsePipelineEvent } from '../events/normalise-event';
import { actionOf, type PipelineEvent, stageOf } from '../events/pipeline-event';
import { createHeldWrites, type HeldWrites } from '../history/held-writes';
import type { HistoryStore } from '../history/history-store';
import type { KeyedQueue } from '../history/keyed-queue';
import type { Reaction } from '../history/reaction';
import { type Recorded, type RecordOutcome, recordEvent } from '../history/record-event';
import { semanticKey } from '../history/semantic-key';
import type { SummaryCache } from '../history/summary-cache';
import type { Log } from '../logging/log';
import type { OpsMetrics } from '../metrics/ops-metrics';

export interface IngestDeps {
  history: HistoryStore;
  log: Log;
  now: () => Date;
  /** Summaries this process saved recently (see {@link SummaryCache}); optional. */
  cache?: SummaryCache;
  queue?: KeyedQueue;
  reactions?: readonly Reaction[];
  /** Runs after each SQS batch (ingest shows card changes left out under Slack's rate limits); never throws. */
  afterBatch?: () => Promise<void>;
  /** The reactions cannot run now (a secret is missing): events are recorded and finished on re-delivery. */
  deferReactions?: boolean;
  /** CloudWatch metrics (InvalidEvent); optional. */
  metrics?: OpsMetrics;
}

export type IngestResult = RecordOutcome | { outcome: 'invalid'; reason: string };

const recordInvalid = async (
  raw: string,
  source: string,
  error: PipegateError,
  deps: IngestDeps,
): Promise<IngestResult> => {
  const issues = Array.isArray(error.details.issues) ? error.details.issues.map(String) : [];
  deps.log.warn('input is not a processable CodePipeline event; recorded as an error item', {
    source,
    reason: error.message,
    issues,
  });
  await deps.history.recordInvalidInput({
    receivedAt: deps.now().toISOString(),
    reason: error.message,
    issues,
    raw: raw.slice(0, 64_000),
    source,
  });
  deps.metrics?.count('InvalidEvent');
  return { outcome: 'invalid', reason: error.message };
};

const parseInput = (input: unknown): PipelineEvent => {
  if (typeof input !== 'string') return parsePipelineEvent(input);
  let json: unknown;
  try {
    json = JSON.parse(input);
  } catch (cause) {
    throw new PipegateError('INVALID_EVENT', 'body is not JSON', {
      cause,
      details: { issues: ['(root): not JSON'] },
    });
  }
  return parsePipelineEvent(json);
};

/** Runs the reactions in order; a re-delivery that finishes an unsaved earlier delivery says so once. */
const reactTo =
  (deps: IngestDeps, held: HeldWrites) =>
  async (outcome: Recorded): Promise<void> => {
    if (outcome.replay) {
      deps.log.info('replaying reactions an earlier delivery did not finish', {
        executionId: outcome.event.executionId,
        key: semanticKey(outcome.event),
      });
    }
    for (const reaction of deps.reactions ?? []) await reaction(outcome, held);
  };

/**
 * Ingests one envelope (raw JSON text or an already-parsed object): bad input is recorded and logged, never
 * thrown; transient faults are thrown so the transport retries; reactions run once per semantic event.
 * @example
 * await ingestEnvelope(record.body, `sqs:${record.messageId}`, { history, log, now: () => new Date() });
 */
export const ingestEnvelope = async (
  input: unknown,
  source: string,
  deps: IngestDeps,
): Promise<IngestResult> => {
  let event: PipelineEvent;
  try {
    event = parseInput(input);
  } catch (error) {
    if (error instanceof PipegateError && error.code === 'INVALID_EVENT') {
      const raw = typeof input === 'string' ? input : (JSON.stringify(input) ?? String(input));
      return recordInvalid(raw, source, error, deps);
    }
    throw error;
  }
  return recordAndReact(event, deps);
};

/**
 * Records a normalised event and runs the reactions once per semantic event; also how the sweeper applies
 * a state change it learned from CodePipeline after the event itself was lost.
 */
export const recordAndReact = async (event: PipelineEvent, deps: IngestDeps): Promise<RecordOutcome> => {
  // Reactions run before the summary is saved: the save doubles as the mark that they finished, so the
  // delivery marks it makes redundant are held (one scope per event, across re-runs after a lost race).
  const held = createHeldWrites();
  let outcome: RecordOutcome;
  try {
    outcome = await recordEvent(event, { ...deps, beforeSave: reactTo(deps, held) });
  } catch (error) {
    // A reaction or the save failed after something was sent: the redelivery must find those marks settled.
    await held.writeAll(deps.log);
    throw error;
  }
  // Every outcome means a saved summary records the event (this delivery's save, or after a lost race a
  // concurrent copy's; a late STARTED joins the window too), so what was held is never written. Only
  // this delivery's own save ('new', 'stale') runs what waited for it: a copy that lost the race does not.
  if (outcome.outcome !== 'duplicate') held.runSaved(deps.log);
  deps.log.info('event recorded', {
    outcome: outcome.outcome,
    pipeline: event.pipeline,
    executionId: event.executionId,
    eventId: event.eventId,
    eventLevel: event.level,
    stage: stageOf(event),
    action: actionOf(event),
    state: event.state,
  });
  return outcome;
};
