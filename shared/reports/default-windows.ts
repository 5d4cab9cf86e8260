/** The audit queries, by name (the HTTP routes and CLI commands that run them). */
export type QueryName = 'executions' | 'approvals' | 'failures' | 'pending' | 'entries' | 'export';

/** The window `GET /audit/metrics` and `pipegate metrics` cover without `since` or `from`. */
export const DEFAULT_METRICS_SINCE = '30d';

// Plain constants in a module of their own: the CLI shows them in --help without loading the queries.
/** The window each query covers when neither `since` nor `from` is given (pending has no window). */
export const DEFAULT_SINCE: Readonly<Record<QueryName, string>> = {
  executions: '7d',
  approvals: '30d',
  failures: '7d',
  pending: '30d',
  entries: '30d',
  export: '30d',
};
