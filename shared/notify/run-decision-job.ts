import { completeDecision } from '../approvals/complete-decision';
import type { DecideDeps } from '../approvals/decide-approval';
import type { DecisionJob } from '../approvals/decision-job';
import { refusalError } from '../approvals/refusal';
import type { ChatPort } from '../delivery/chat-port';
import { isTransient, PipegateError } from '../errors';
import type { Log } from '../logging/log';
import { explainRefusal } from '../present/text/explain-refusal';

export interface RunDecisionJobDeps {
  decide: DecideDeps;
  chat?: ChatPort;
  log: Log;
}

export type DecisionJobOutcome =
  | { outcome: 'decided'; status: string }
  | { outcome: 'announced'; status: string }
  | { outcome: 'refused'; code: string };

/**
 * The decider's use case: completes a claimed decision (or, for a quorum vote, shows the progress). A refusal (completed in the console, expired,
 * someone else's claim) is an answer, not a failure: the approver is told in Slack and the job ends. A
 * transient failure is thrown with the claim kept, so the async retry (or the DLQ) takes it from there; a
 * permanent fault no retry can mend (the record vanished) ends the job like a refusal.
 */
export const runDecisionJob = async (
  job: DecisionJob,
  deps: RunDecisionJobDeps,
): Promise<DecisionJobOutcome> => {
  const context = { approvalId: job.approvalId, executionId: job.executionId, decision: job.decision };
  if (job.progress) {
    // Whatever the record holds now (more votes, or decided since) is what the messages should show.
    const record = await deps.decide.approvals.get(job.executionId, job.approvalId);
    if (record) await deps.decide.announce?.(record);
    return { outcome: 'announced', status: record?.status ?? 'unknown' };
  }
  let why: PipegateError;
  try {
    const completed = await completeDecision(job, deps.decide);
    if (completed.outcome === 'decided') return { outcome: 'decided', status: completed.record.status };
    why = refusalError(completed.refusal);
  } catch (error) {
    if (isTransient(error) || !(error instanceof PipegateError)) {
      deps.log.warn('decision not completed yet; the invoke will be retried', {
        ...context,
        errorMessage: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
    why = error;
  }
  deps.log.info('decision refused', { ...context, code: why.code });
  if (job.reply && deps.chat) {
    await deps.chat.postEphemeral({ ...job.reply, text: explainRefusal(why) }).catch((cause: unknown) =>
      deps.log.warn('could not tell the approver', {
        ...context,
        errorMessage: cause instanceof Error ? cause.message : String(cause),
      }),
    );
  }
  return { outcome: 'refused', code: why.code };
};
