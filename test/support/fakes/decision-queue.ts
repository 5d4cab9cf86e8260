import type { DecisionJob, DecisionQueue } from '../../../shared/approvals/decision-job';
import { copy, Faults } from './faults';

/** The hand-over to the decider ({@link DecisionQueue}, an async Lambda invoke on AWS), kept in memory. */
export class FakeDecisionQueue implements DecisionQueue {
  readonly faults = new Faults<keyof DecisionQueue>();
  readonly jobs: DecisionJob[] = [];

  async enqueue(job: DecisionJob): Promise<void> {
    this.faults.check('enqueue');
    this.jobs.push(copy(job));
  }
}
