import type { ServerOptions, StandInRequest, StandInResponse } from './http';
import { FaultQueue, jsonResponse, startHttpServer } from './http';

/** A user as users.info returns it (only the fields pipegate reads). */
export interface SlackUser {
  id: string;
  name: string;
  real_name?: string;
  email?: string;
  display_name?: string;
  is_bot?: boolean;
  deleted?: boolean;
}

export type SlackFault = { status: 429; retryAfter: number } | { status: 500 } | { error: string };

export interface SlackMessageVersion {
  text?: string;
  blocks?: unknown;
}

export interface SlackMessage extends SlackMessageVersion {
  channel: string;
  ts: string;
  thread_ts?: string;
  reply_broadcast?: boolean;
  /** How many chat.update calls changed this message. */
  updates: number;
  /** Every version, oldest first; the last one is the current text/blocks. */
  history: SlackMessageVersion[];
}

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token?: string;
}

export interface SlackEphemeral extends SlackMessageVersion {
  channel: string;
  user: string;
  message_ts: string;
}

export interface SlackStandInOptions extends ServerOptions {
  /** Accepted bot tokens; default: any `xoxb-`/`xoxp-` token. */
  tokens?: string[];
  /** Channel-id allow-list; default: every channel exists. */
  channels?: string[];
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

// Slack sends these as JSON strings inside form bodies (WebClient serialises objects that way).
const JSON_FIELDS = ['blocks', 'attachments', 'view', 'metadata'];
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;
const BOT = { user_id: 'U0PIPEGATE', bot_id: 'B0PIPEGATE', team_id: 'T0PIPEGATE', app_id: 'A0PIPEGATE' };

type Ok = Record<string, unknown>;
class SlackError extends Error {}

function parseArgs(request: StandInRequest): Record<string, unknown> {
  if (request.headers['content-type']?.startsWith('application/json')) {
    try {
      return request.body ? (JSON.parse(request.body) as Record<string, unknown>) : {};
    } catch {
      throw new SlackError('invalid_json');
    }
  }
  const args: Record<string, unknown> = Object.fromEntries(new URLSearchParams(request.body));
  for (const field of JSON_FIELDS) {
    const raw = args[field];
    if (typeof raw !== 'string') continue;
    try {
      args[field] = JSON.parse(raw);
    } catch {
      throw new SlackError(field === 'blocks' ? 'invalid_blocks' : 'invalid_arguments');
    }
  }
  return args;
}

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

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
  const users = new Map<string, SlackUser>();
  const groups = new Map<string, string[]>();
  const channels = new Map<string, string | undefined>((options.channels ?? []).map((id) => [id, undefined]));
  let allowListed = channels.size > 0;
  const faults = new FaultQueue<SlackFault>();
  let messages: SlackMessage[] = [];
  let calls: SlackCall[] = [];
  let ephemerals: SlackEphemeral[] = [];
  let views: Record<string, unknown>[] = [];
  let lastMicros = 0;

  // Real ts values are "<seconds>.<micros>" and unique per channel; strictly increasing keeps ordering simple.
  const nextTs = (): string => {
    lastMicros = Math.max(Date.now() * 1000, lastMicros + 100);
    return `${Math.floor(lastMicros / 1e6)}.${String(lastMicros % 1e6).padStart(6, '0')}`;
  };
  // Slack answers with the channel id even when posting to "#name", and chat.update only takes ids.
  const channelOf = (args: Record<string, unknown>, namesAllowed = true): string => {
    const given = str(args.channel);
    if (!given) throw new SlackError('channel_not_found');
    if (CHANNEL_ID.test(given)) {
      if (allowListed && !channels.has(given)) throw new SlackError('channel_not_found');
      return given;
    }
    const name = given.replace(/^#/, '');
    const known = [...channels].find(([, n]) => n === name)?.[0];
    if (!namesAllowed || (allowListed && !known)) throw new SlackError('channel_not_found');
    if (known) return known;
    const id = `C0${String(channels.size + 1).padStart(9, '0')}`;
    channels.set(id, name);
    return id;
  };
  const content = (args: Record<string, unknown>): SlackMessageVersion => {
    if (args.text === undefined && args.blocks === undefined && args.attachments === undefined) {
      throw new SlackError('no_text');
    }
    return { text: str(args.text), blocks: args.blocks };
  };
  const botMessage = (version: SlackMessageVersion, ts: string, extra: Ok = {}): Ok => ({
    type: 'message',
    user: BOT.user_id,
    bot_id: BOT.bot_id,
    app_id: BOT.app_id,
    team: BOT.team_id,
    text: version.text ?? '',
    ...(version.blocks === undefined ? {} : { blocks: version.blocks }),
    ts,
    ...extra,
  });

  const methods: Record<string, (args: Record<string, unknown>) => Ok> = {
    'auth.test': () => ({
      url: 'https://pipegate-local.slack.com/',
      team: 'pipegate-local',
      user: 'pipegate',
      ...BOT,
    }),
    'chat.postMessage': (args) => {
      const channel = channelOf(args);
      const version = content(args);
      const ts = nextTs();
      const threadTs = str(args.thread_ts);
      const broadcast = args.reply_broadcast === true || args.reply_broadcast === 'true';
      messages.push({
        channel,
        ts,
        ...version,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        ...(broadcast ? { reply_broadcast: true } : {}),
        updates: 0,
        history: [version],
      });
      return { channel, ts, message: botMessage(version, ts, threadTs ? { thread_ts: threadTs } : {}) };
    },
    'chat.update': (args) => {
      const channel = channelOf(args, false);
      const message = messages.find((m) => m.channel === channel && m.ts === args.ts);
      if (!message) throw new SlackError('message_not_found');
      const version = content(args);
      Object.assign(message, version, { updates: message.updates + 1 });
      message.history.push(version);
      return { channel, ts: message.ts, text: version.text ?? '', message: botMessage(version, message.ts) };
    },
    'chat.postEphemeral': (args) => {
      const channel = channelOf(args);
      const user = str(args.user);
      if (!user) throw new SlackError('user_not_found');
      const message_ts = nextTs();
      ephemerals.push({ channel, user, message_ts, ...content(args) });
      return { message_ts };
    },
    'views.open': (args) => {
      if (!str(args.trigger_id)) throw new SlackError('invalid_arguments');
      if (typeof args.view !== 'object' || args.view === null) throw new SlackError('invalid_arguments');
      const id = `V${String(views.length + 1).padStart(10, '0')}`;
      const view = {
        id,
        team_id: BOT.team_id,
        app_id: BOT.app_id,
        state: { values: {} },
        hash: `${Date.now()}.x`,
        ...args.view,
      };
      views.push(view);
      return { view };
    },
    'users.info': (args) => {
      const user = users.get(String(args.user));
      if (!user) throw new SlackError('user_not_found');
      const { email, display_name, real_name, ...rest } = user;
      const profile = { email, real_name: real_name ?? user.name, display_name: display_name ?? user.name };
      return {
        user: {
          team_id: BOT.team_id,
          deleted: false,
          is_bot: false,
          ...rest,
          real_name: profile.real_name,
          profile,
        },
      };
    },
    'usergroups.users.list': (args) => {
      const members = groups.get(String(args.usergroup));
      if (!members) throw new SlackError('no_such_subteam');
      return { users: [...members] };
    },
  };

  const authorise = (request: StandInRequest, args: Record<string, unknown>): string => {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : str(args.token);
    // Real Slack distinguishes "no token at all" from "a token it does not know".
    if (!token) throw new SlackError('not_authed');
    const accepted = options.tokens ? options.tokens.includes(token) : /^xox[bp]-./.test(token);
    if (!accepted) throw new SlackError('invalid_auth');
    return token;
  };

  const handle = (request: StandInRequest): StandInResponse => {
    if (request.method === 'GET' && request.path === '/')
      return jsonResponse(200, { messages, ephemerals, views });
    const method = request.path.startsWith('/api/') ? request.path.slice(5) : '';
    let args: Record<string, unknown> = {};
    let token: string | undefined;
    try {
      args = parseArgs(request);
      token = authorise(request, args);
      const fault = faults.take(method);
      if (fault && 'status' in fault && fault.status === 429) {
        return jsonResponse(
          429,
          { ok: false, error: 'ratelimited' },
          { 'retry-after': String(fault.retryAfter) },
        );
      }
      if (fault && 'status' in fault)
        return { status: 500, headers: { 'content-type': 'text/html' }, body: 'oops' };
      if (fault) throw new SlackError(fault.error);
      const implementation = methods[method];
      if (!implementation) throw new SlackError('unknown_method');
      return jsonResponse(200, { ok: true, ...implementation(args) });
    } catch (error) {
      if (!(error instanceof SlackError)) throw error;
      return jsonResponse(200, { ok: false, error: error.message });
    } finally {
      calls.push({ method, args, ...(token ? { token } : {}) });
    }
  };

  const server = await startHttpServer(handle, options);
  return {
    url: server.url,
    close: () => server.close(),
    addUser: (user) => void users.set(user.id, user),
    addUserGroup: (id, userIds) => void groups.set(id, [...userIds]),
    addChannel: (id, name) => {
      channels.set(id, name);
      allowListed = true;
    },
    injectFault: (method, fault, times = 1) => faults.add(method, fault, times),
    messages: (channel) => {
      const id = [...channels].find(([, name]) => `#${name}` === channel || name === channel)?.[0] ?? channel;
      return structuredClone(messages.filter((m) => id === undefined || m.channel === id));
    },
    calls: (method) => structuredClone(calls.filter((c) => method === undefined || c.method === method)),
    ephemerals: () => structuredClone(ephemerals),
    views: () => structuredClone(views),
    reset: () => {
      messages = [];
      calls = [];
      ephemerals = [];
      views = [];
      faults.clear();
      users.clear();
      groups.clear();
      channels.clear();
      for (const channel of options.channels ?? []) channels.set(channel, undefined);
      allowListed = channels.size > 0;
    },
  };
}
