import { DECISION_ACTIONS } from '../../shared/reports/queries';
import type { QueryStats } from './audit-measure';
import type { Seeded } from './audit-seed';

const share = (part: number, whole: number): string => `${Math.round((part / Math.max(1, whole)) * 100)} %`;

const worstGroup = (stats: QueryStats | undefined): string => {
  const groups = Object.entries(stats?.byGroup ?? {}).sort(
    ([, a], [, b]) => (b.readPerReturned ?? 0) - (a.readPerReturned ?? 0),
  );
  const [name, group] = groups[0] ?? [];
  return name && group ? `${name}: ${group.itemsRead} read for ${group.itemsReturned} returned` : 'n/a';
};

/**
 * Explains, with this run's numbers, where a query reads more than it returns and which code does it. The
 * explanations name shared/ code; the benchmark only reports them.
 */
export const auditFindings = (queries: Record<string, QueryStats>, seeded: Seeded): string[] => {
  const findings: string[] = [];
  const timeline = queries.executionTimeline;
  if (timeline && timeline.droppedAfterRead > 0) {
    const groups = Object.entries(timeline.byGroup ?? {})
      .map(([kind, group]) => `${kind} ${group.readPerReturned}`)
      .join(', ');
    findings.push(
      `executionTimeline reads ${timeline.droppedAfterRead} of ${timeline.itemsRead} items only to drop them ` +
        `(read/returned by kind of run: ${groups}). queryWholePartition (shared/adapters/dynamodb/` +
        'paged-query.ts) reads all of pk=EXEC#<id> with no sort-key condition, and executionRecords ' +
        '(audit-reader.ts) keeps only kind summary/event/approval/audit. The rest are the NOTIFY#… marks ' +
        'the notify reaction, request-approval and the sweeper keep in the same partition: the Slack card, ' +
        'one per thread reply and per SNS email (with the bundled pipegate.config.yaml a failed run has 5: card, 2 replies, 2 emails), 4 per ' +
        `approval request (Slack + 3 emails); ${seeded.notificationMarks} marks were seeded for ` +
        `${seeded.runs.length} runs. Marks are small (a few hundred bytes), so capacity suffers less than the count. ` +
        "NOTIFY# sorts between EVENT# and SUMMARY, so one key condition cannot skip it: a Query on sk < 'NOTIFY#' " +
        'plus a GetItem of SUMMARY, or a mark prefix that sorts after SUMMARY, would read only what is shown.',
    );
  }
  const byApprover = queries.decisionsByApprover;
  // One look-ahead item per page is the price of an exact nextCursor; report only more than that.
  if (byApprover && byApprover.itemsRead > byApprover.itemsReturned * 1.05) {
    findings.push(
      `decisionsByApprover reads ${byApprover.droppedAfterRead} items it drops (worst group ` +
        `${worstGroup(byApprover)}). listDecisions passes DECISION_ACTIONS as a filter, and queryPartitions ` +
        '(paged-query.ts) then asks for Limit = max(limit + 1, FILTERED_BATCH = 200) and keeps limit + 1: ' +
        'whenever an approver has more than limit + 1 entries in the window, up to 200 are read (and billed) ' +
        `for one page. The filter itself drops ${byApprover.droppedByFilter} items here, because only ` +
        'decision actions (refused, decided, completed-outside) carry an actor, so every by-actor (gsi2) item ' +
        'is a decision: the batch is all cost. Asking for Limit = limit + 1 first, and growing only when the ' +
        'filter dropped something, would read ~what it returns.',
    );
  }
  const all = queries.decisionsAllApprovers;
  if (all && all.itemsRead > all.itemsReturned) {
    const other = Object.entries(seeded.approvals.entriesByAction)
      .filter(([action]) => !(DECISION_ACTIONS as readonly string[]).includes(action))
      .reduce((sum, [, n]) => sum + n, 0);
    findings.push(
      `decisionsAllApprovers (listDecisions without an approver, i.e. \`pipegate approvals\`) reads ` +
        `${all.itemsRead} items for ${all.itemsReturned} (${all.readPerReturned}): it walks the per-day audit ` +
        'buckets (gsi4 AUDIT#<day>) with FilterExpression action IN (decision actions), so every ' +
        'approval.requested, approval.reminder and approval.expired entry in the window is read, billed and ' +
        `dropped by DynamoDB (${all.droppedByFilter} here; ${share(other, seeded.auditEntries)} of the seeded ` +
        `trail is such entries), plus ${all.droppedAfterRead} more from the 200-item filtered batch above. ` +
        'A sparse by-day key written only on decision entries would make it read what it returns.',
    );
  }
  const peeked = ['executionsByPipeline', 'failuresByRange', 'pendingApprovals', 'auditEntriesByRange']
    .map((name) => queries[name])
    .reduce((sum, stats) => sum + (stats?.droppedAfterRead ?? 0), 0);
  findings.push(
    `Every list query reads one item past the page (queryPartitions asks for limit + 1) so that nextCursor ` +
      `is only set when more exists: ${peeked} items over the unfiltered list queries, i.e. at most ` +
      '1/limit extra. failuresByRange reads only failures (the FAILED#<day> keys, 4 shards a day read in ' +
      'parallel, are sparse: only FAILED summaries carry gsi3 keys), pending only PENDING approvals, ' +
      'executions only that pipeline in the window.',
  );
  const failures = queries.failuresByRange;
  if (failures) {
    findings.push(
      `Per-day partitions cost round trips, not items: failuresByRange made ${failures.pagesPerCall} Query ` +
        `requests per call (auditEntriesByRange ${queries.auditEntriesByRange?.pagesPerCall}), one per day ` +
        'bucket (for failures, one per shard: 4 a day, in parallel) until the page is full; a quiet 90-day ' +
        'window is up to 91 sequential rounds of Queries.',
    );
  }
  return findings;
};
