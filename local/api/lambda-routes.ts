import type { HttpHandler, LocalRoute } from './local-api-gateway';

// Imported lazily: the handlers read their environment when first invoked, after the stack set it.
const slack = async (): Promise<HttpHandler> =>
  (await import('../../functions/slack-interactions')).handler as HttpHandler;
const links = async (): Promise<HttpHandler> =>
  (await import('../../functions/approval-links')).handler as HttpHandler;
const audit = async (): Promise<HttpHandler> =>
  (await import('../../functions/audit-api')).handler as HttpHandler;

/** The HTTP API's routes, as serverless.yml declares them. */
export const LAMBDA_ROUTES: readonly LocalRoute[] = [
  { method: 'POST', path: '/slack/interactions', handler: slack },
  { method: 'GET', path: '/approvals/link', handler: links },
  { method: 'POST', path: '/approvals/link', handler: links },
  { method: 'GET', path: '/audit/executions', handler: audit },
  { method: 'GET', path: '/audit/executions/{executionId}', handler: audit },
  { method: 'GET', path: '/audit/approvals', handler: audit },
  { method: 'GET', path: '/audit/failures', handler: audit },
  { method: 'GET', path: '/audit/pending', handler: audit },
  { method: 'GET', path: '/audit/entries', handler: audit },
  { method: 'GET', path: '/audit/export', handler: audit },
  { method: 'GET', path: '/audit/metrics', handler: audit },
];
