import type { ServerOptions, StandInRequest, StandInResponse } from './http';
import { FaultQueue, jsonResponse, startHttpServer } from './http';
import { slackMethods } from './slack-methods';
import { createRateLimiter, type RateRule, SLACK_RATE_LIMITS } from './slack-rate-limits';
import type {
  SlackCall,
  SlackEphemeral,
  SlackFault,
  SlackMessage,
  SlackMessageVersion,
  SlackUser,
} from './slack-types';
import type { SlackArgs } from './slack-web-api-protocol';
import {
  authoriseSlackToken,
  parseSlackArgs,
  SlackError,
  nonEmptyString as str,
} from './slack-web-api-protocol';
import { SlackWorkspace } from './slack-workspace';

export type { SlackCall, SlackEphemeral, SlackFault, SlackMessage, SlackMessageVersion, SlackUser };

export interface SlackStandInOptions extends ServerOptions {
  /** Accepted bot tokens; default: any `xoxb-`/`xoxp-` token. */
  tokens?: string[];
  /** Channel-id allow-list; default: every channel exists. */
  channels?: string[];
  /**
   * Enforce Slack's published rate limits (429 + Retry-After on excess): `true` for the defaults in
   * slack-rate-limits.ts, or custom rules per method. Off by default so functional tests stay unthrottled.
   */
  rateLimits?: boolean | Readonly<Record<string, RateRule[]>>;
  /** Clock for the rate limits (ms); default `Date.now`. A benchmark passes its virtual clock. */
  now?: () => number;
}

export interface SlackStandIn {
  url: string;
  close(): Promise<void>;
  addUser(user: SlackUser): void;
  addUserGroup(id: string, userIds: string[]): void;
  /** Adds `id` to the allow-list (switching the allow-list on); `name` lets callers post to `#name`. */
  addChannel(id: string, name?: string): void;
  injectFault(method: string, fault: SlackFault, times?: number): void;
  messages(channel?: string): SlackMessage[];
  calls(method?: string): SlackCall[];
  ephemerals(): SlackEphemeral[];
  views(): Record<string, unknown>[];
  reset(): void;
}

/**
 * Starts a Slack Web API stand-in: `POST {url}/api/<method>`, answers like slack.com (HTTP 200 with `ok:false`
 * for platform errors, 429 + `Retry-After` for rate limits). Point WebClient at it with `slackApiUrl`.
 *
 * @example
 * const slack = await startSlackStandIn();
 * const web = new WebClient('xoxb-test', { slackApiUrl: `${slack.url}/api/` });
 * await web.chat.postMessage({ channel: 'C1', text: 'hi' });
 * slack.messages('C1'); // [{ channel: 'C1', text: 'hi', ... }]
 */
export async function startSlackStandIn(options: SlackStandInOptions = {}): Promise<SlackStandIn> {
  const workspace = new SlackWorkspace(options.channels);
  const methods = slackMethods(workspace);
  const faults = new FaultQueue<SlackFault>();
  const limits = options.rateLimits === true ? SLACK_RATE_LIMITS : options.rateLimits || undefined;
  const clock = options.now ?? Date.now;
  const limiter = limits ? createRateLimiter(limits, clock) : undefined;

  const handle = (request: StandInRequest): StandInResponse | Promise<StandInResponse> => {
    if (request.method === 'GET' && request.path === '/') {
      const { messages, ephemerals, views } = workspace;
      return jsonResponse(200, { messages, ephemerals, views });
    }
    const method = request.path.startsWith('/api/') ? request.path.slice(5) : '';
    let args: SlackArgs = {};
    let token: string | undefined;
    let status: number | undefined;
    try {
      args = parseSlackArgs(request);
      token = authoriseSlackToken(request, args, options.tokens);
      const fault = faults.take(method);
      const limited = limiter?.take(method, workspace.resolveChannel(str(args.channel), true));
      if (limited && !limited.ok) {
        status = 429;
        return jsonResponse(
          429,
          { ok: false, error: 'ratelimited' },
          { 'retry-after': String(limited.retryAfterSeconds) },
        );
      }
      if (fault && 'status' in fault && fault.status === 429) {
        status = 429;
        return jsonResponse(
          429,
          { ok: false, error: 'ratelimited' },
          { 'retry-after': String(fault.retryAfter) },
        );
      }
      if (fault && 'status' in fault)
        return { status: 500, headers: { 'content-type': 'text/html' }, body: 'oops' };
      if (fault && 'error' in fault) throw new SlackError(fault.error);
      const implementation = methods[method];
      if (!implementation) throw new SlackError('unknown_method');
      const answer = jsonResponse(200, { ok: true, ...implementation(args) });
      if (fault && fault.appliedThen === 500) {
        return { status: 500, headers: { 'content-type': 'text/html' }, body: 'oops' };
      }
      // The work is done; the answer comes after the client has given up waiting.
      if (fault)
        return new Promise<StandInResponse>((resolve) => setTimeout(() => resolve(answer), fault.ms));
      return answer;
    } catch (error) {
      if (!(error instanceof SlackError)) throw error;
      return jsonResponse(200, { ok: false, error: error.message });
    } finally {
      workspace.calls.push({
        method,
        args,
        at: clock(),
        ...(token ? { token } : {}),
        ...(status ? { status } : {}),
      });
    }
  };

  const server = await startHttpServer(handle, options);
  return {
    url: server.url,
    close: () => server.close(),
    addUser: (user) => void workspace.users.set(user.id, user),
    addUserGroup: (id, userIds) => void workspace.groups.set(id, [...userIds]),
    addChannel: (id, name) => workspace.addChannel(id, name),
    injectFault: (method, fault, times = 1) => faults.add(method, fault, times),
    messages: (channel) => {
      const id = workspace.channelIdFor(channel);
      return structuredClone(workspace.messages.filter((m) => id === undefined || m.channel === id));
    },
    calls: (method) =>
      structuredClone(workspace.calls.filter((c) => method === undefined || c.method === method)),
    ephemerals: () => structuredClone(workspace.ephemerals),
    views: () => structuredClone(workspace.views),
    reset: () => {
      workspace.reset();
      faults.clear();
    },
  };
}
