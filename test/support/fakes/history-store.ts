import type { ExecutionSummary } from '../../../shared/history/execution-summary';
import type {
  EventPage,
  HistoryEntry,
  HistoryStore,
  InvalidInput,
} from '../../../shared/history/history-store';
import { isTerminal } from '../../../shared/history/state-rank';
import { copy, Faults } from './faults';

/**
 * {@link HistoryStore} in memory: history pages by index (a repeat overwrites), summaries saved only at the
 * expected version (absent = must not exist yet), the idle order of unfinished executions by their last news.
 */
export class InMemoryHistoryStore implements HistoryStore {
  readonly faults = new Faults<keyof HistoryStore>();
  readonly invalid: InvalidInput[] = [];
  private readonly summaries = new Map<string, ExecutionSummary>();
  private readonly pages = new Map<string, EventPage>();
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

  /** Every recorded event of an execution, oldest first: its pages, then the summary's window. */
  storedEvents(executionId: string): HistoryEntry[] {
    const pages = [...this.pages.values()]
      .filter((page) => page.executionId === executionId)
      .sort((a, b) => a.index - b.index);
    const recent = this.summaries.get(executionId)?.recentEvents ?? [];
    return [...pages.flatMap((page) => page.entries), ...recent].map(copy);
  }

  /** The history pages of an execution, by index. */
  storedPages(executionId: string): EventPage[] {
    return [...this.pages.values()].filter((page) => page.executionId === executionId).map(copy);
  }

  async getSummary(executionId: string): Promise<ExecutionSummary | undefined> {
    this.faults.check('getSummary');
    const summary = this.summaries.get(executionId);
    return summary ? copy(summary) : undefined;
  }

  async putEventPage(page: EventPage): Promise<void> {
    this.faults.check('putEventPage');
    this.pages.set(`${page.executionId}#${page.index}`, copy(page));
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

  async listPagedEvents(executionId: string): Promise<HistoryEntry[]> {
    this.faults.check('listPagedEvents');
    return this.storedPages(executionId)
      .sort((a, b) => a.index - b.index)
      .flatMap((page) => page.entries);
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
