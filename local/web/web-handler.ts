import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve as resolvePath } from 'node:path';
import * as z from 'zod';
import { configuredAccounts } from '../../cli/account-names';
import { requestUrl } from '../api/request-guard';
import type { FallbackHandler } from '../api/start-local-api';
import { localNames } from '../local-identities';
import { clickSlackButton, submitRejectDialog } from '../slack-click';
import type { LocalStack } from '../stack';
import { approvalLinksOf } from './approval-links-of';
import { toSlackMessageView } from './slack-view';

const PUBLIC = join(__dirname, 'public');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};
// Only the files in public/ are served, by exact name, so no request path can reach anything else on disk.
const ASSETS: Record<string, { file: string; type: string }> = Object.fromEntries([
  ['/', { file: 'index.html', type: TYPES['.html'] }],
  ...readdirSync(PUBLIC)
    .filter((file) => TYPES[extname(file)])
    .map((file) => [`/${file}`, { file, type: TYPES[extname(file)] }]),
]);
// Chart.js served from node_modules (no CDN: the page works offline and loads exactly the locked version).
const CHART_JS = join(require.resolve('chart.js'), '..', 'chart.umd.min.js');
ASSETS['/vendor/chart.umd.min.js'] = { file: CHART_JS, type: 'text/javascript; charset=utf-8' };

const clickSchema = z.object({
  userId: z.string().regex(/^[UW][A-Z0-9]+$/),
  channel: z.string().min(1),
  ts: z.string().min(1),
  actionId: z.enum(['pipegate.approve', 'pipegate.approve-comment', 'pipegate.reject']),
  value: z.string().min(1).max(2_000),
  comment: z.string().max(2_000).optional(),
  /**
   * What the person did with the dialog (Reject's comment, or the break-glass reason Approve asks for inside
   * a change freeze); `cancel` closes it and decides nothing.
   */
  dialog: z.enum(['submit', 'cancel']).default('submit'),
});

const dialogResponse = z.object({
  response_action: z.literal('errors'),
  errors: z.record(z.string(), z.string()),
});

/** The field errors Slack would show in the dialog (pipegate's refusal), or none when it closed normally. */
const dialogErrorsOf = async (response: Response): Promise<string[]> => {
  const text = await response.text();
  if (!text) return [];
  const parsed = dialogResponse.safeParse(JSON.parse(text));
  return parsed.success ? Object.values(parsed.data.errors) : [];
};

export interface WebOptions {
  /** The running stack, once it is up (the page is served by the stack's own API server). */
  stack: () => LocalStack | undefined;
  /** Pipelines the page lists executions for. */
  pipelines: () => string[];
}

const send = (response: ServerResponse, status: number, type: string, body: string): true => {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(body);
  return true;
};
const sendJson = (response: ServerResponse, status: number, body: unknown): true =>
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(body));

/** Clicks a button of a message in the Slack stand-in as `userId`; a dialog button also submits its dialog. */
const click = async (stack: LocalStack, body: Buffer): Promise<Record<string, unknown>> => {
  const input = clickSchema.parse(JSON.parse(body.toString('utf8') || '{}'));
  const signingSecret = stack.env.SLACK_SIGNING_SECRET ?? '';
  const ephemeralsBefore = stack.slack.ephemerals().length;
  const viewsBefore = stack.slack.views().length;
  const response = await clickSlackButton({
    apiUrl: stack.api.url,
    signingSecret,
    ...input,
    messageTs: input.ts,
  });
  const view = stack.slack.views()[viewsBefore] as
    | {
        private_metadata?: string;
        callback_id?: string;
        view?: { private_metadata?: string; callback_id?: string };
      }
    | undefined;
  const metadata = view?.view?.private_metadata ?? view?.private_metadata;
  // Slack submits the dialog it opened: the stand-in records views flat, so read the opened view's own id
  // (reading only `view.view` took a break-glass dialog for a reject dialog and rejected the run).
  const openedCallbackId = view?.view?.callback_id ?? view?.callback_id;
  const breakGlass = openedCallbackId === 'pipegate.break-glass.submit';
  // Cancelling the dialog sends nothing to pipegate (as in Slack without notify_on_close): nothing is decided.
  const submit = metadata && input.dialog === 'submit';
  const dialogErrors = submit
    ? await dialogErrorsOf(
        await submitRejectDialog({
          apiUrl: stack.api.url,
          signingSecret,
          userId: input.userId,
          privateMetadata: metadata,
          comment: input.comment,
          callbackId: breakGlass
            ? 'pipegate.break-glass.submit'
            : openedCallbackId === 'pipegate.approve.submit' || input.actionId === 'pipegate.approve-comment'
              ? 'pipegate.approve.submit'
              : 'pipegate.reject.submit',
        }),
      )
    : [];
  const told = stack.slack
    .ephemerals()
    .slice(ephemeralsBefore)
    .filter((e) => e.user === input.userId);
  return {
    status: response.status,
    told: told.map((e) => e.text),
    dialogErrors,
    dialogOpened: Boolean(metadata),
    cancelled: Boolean(metadata) && input.dialog === 'cancel',
    breakGlass,
  };
};

/**
 * The local web page and its helper endpoints, served by the local API server for every path that is not
 * an API route. Everything the page shows comes from the real audit API and the stand-ins' records.
 */
export const createWebHandler =
  (options: WebOptions): FallbackHandler =>
  async (request: IncomingMessage, response: ServerResponse, body: Buffer) => {
    const path = requestUrl(request)?.pathname ?? '';
    const asset = ASSETS[path];
    if (asset && request.method === 'GET')
      return send(response, 200, asset.type, readFileSync(resolvePath(PUBLIC, asset.file), 'utf8'));
    const stack = options.stack();
    if (!stack || !path.startsWith('/local/')) return false;
    if (path === '/local/overview' && request.method === 'GET') {
      return sendJson(response, 200, {
        pipelines: options.pipelines(),
        // Account names from the config's `accounts:`, so the page says payments-prod, not only an id.
        accounts: Object.fromEntries(
          configuredAccounts(process.env).flatMap((a) => (a.name ? [[a.id, a.name]] : [])),
        ),
        slack: stack.slack.messages().map((message) => toSlackMessageView(message, localNames)),
        emails: stack.sns.emails().map((mail) => ({
          to: mail.to,
          subject: mail.subject,
          body: mail.body,
          at: mail.at,
          links: approvalLinksOf(stack, mail),
        })),
      });
    }
    if (path === '/local/slack/click' && request.method === 'POST') {
      // JSON only: a cross-site form or text/plain POST cannot send it without a CORS preflight we never allow.
      if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
        return sendJson(response, 415, { error: 'send application/json' });
      }
      try {
        return sendJson(response, 200, await click(stack, body));
      } catch (error) {
        return sendJson(response, 400, { error: error instanceof Error ? error.message : String(error) });
      }
    }
    return false;
  };
