/** How long items live (DynamoDB TTL). History outlives CodePipeline's own 12 months by default. */
export interface Retention {
  historyDays: number;
  auditDays: number;
}

export const DEFAULT_RETENTION: Retention = { historyDays: 400, auditDays: 7 * 365 };
