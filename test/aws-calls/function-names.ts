/** The functions serverless.yml deploys, each with a role of its own. */
export const FUNCTION_NAMES = [
  'ingest',
  'slack-interactions',
  'approval-decider',
  'approval-links',
  'audit-api',
  'sweeper',
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];
