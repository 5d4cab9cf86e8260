import type { ExecutionSummary } from '../../../shared/history/execution-summary';
import type { HistoryEntry, HistoryStore, InvalidInput } from '../../../shared/history/history-store';
import { isTerminal } from '../../../shared/history/state-rank';
import { copy, Faults } from './faults';

/**
 * {@link HistoryStore} in memory: events written once per semantic key, summaries saved only at the expected
 * version (absent = must not exist yet), the idle order of unfinished executions by their last news.
 */
export class InMemoryHistoryStore implements HistoryStore {
  readonly faults = new Faults<keyof HistoryStore>();
  readonly invalid: InvalidInput[] = [];
  private readonly summaries = new Map<string, ExecutionSummary>();
  private readonly events = new Map<string, HistoryEntry>();
  /** When each unfinished execution last had news (or was deferred to), for `listIdle`. */
  private readonly newsAt = new Map<string, string>();

  constructor(summaries: ExecutionSummary[] = []) {
    for (const summary of summaries) this.putSummary(summary);
  }

  /** Stores a summary as it is (setup, or another writer). */
  putSummary(summary: ExecutionSummary): void {
    this.summaries.set(summary.executionId, copy(summary));
    this.newsAt.set(summary.executionId, summary.lastEventAt);
  }

  storedEvents(executionId: string): HistoryEntry[] {
    return [...this.events.values()].filter((entry) => entry.event.executionId === executionId).map(copy);
  }

  async getSummary(executionId: string): Promise<ExecutionSummary | undefined> {
    this.faults.check('getSummary');
    const summary = this.summaries.get(executionId);
    return summary ? copy(summary) : undefined;
  }

  async putEvent(entry: HistoryEntry): Promise<'created' | 'exists'> {
    this.faults.check('putEvent');
    const key = `${entry.event.executionId}#${entry.key}`;
    if (this.events.has(key)) return 'exists';
    this.events.set(key, copy(entry));
    return 'created';
  }

  async saveSummary(
    summary: ExecutionSummary,
    expectedVersion: number | undefined,
  ): Promise<'saved' | 'conflict'> {
    this.faults.check('saveSummary');
    const current = this.summaries.get(summary.executionId);
    if (expectedVersion === undefined ? current !== undefined : current?.version !== expectedVersion) {
      return 'conflict';
    }
    this.putSummary(summary);
    return 'saved';
  }

  async getEvent(executionId: string, key: string): Promise<HistoryEntry | undefined> {
    this.faults.check('getEvent');
    const entry = this.events.get(`${executionId}#${key}`);
    return entry ? copy(entry) : undefined;
  }

  async recordInvalidInput(input: InvalidInput): Promise<void> {
    this.faults.check('recordInvalidInput');
    this.invalid.push(copy(input));
  }

  async listIdle(before: string, limit: number): Promise<ExecutionSummary[]> {
    this.faults.check('listIdle');
    return [...this.summaries.values()]
      .filter((summary) => !summary.state || !isTerminal(summary.state))
      .map((summary) => ({ summary, at: this.newsAt.get(summary.executionId) ?? summary.lastEventAt }))
      .filter(({ at }) => at < before)
      .sort((a, b) => a.at.localeCompare(b.at))
      .slice(0, limit)
      .map(({ summary }) => copy(summary));
  }

  async deferIdle(summary: ExecutionSummary, newsAt: string): Promise<void> {
    this.faults.check('deferIdle');
    if (this.summaries.get(summary.executionId)?.version !== summary.version) return;
    this.newsAt.set(summary.executionId, newsAt);
  }
}
