import type { SlackMessage, SlackMessageVersion, SlackMetadata, SlackUser } from './slack-types';
import type { SlackArgs } from './slack-web-api-protocol';
import { SlackError, nonEmptyString as str } from './slack-web-api-protocol';
import type { SlackWorkspace } from './slack-workspace';

const BOT = { user_id: 'U0PIPEGATE', bot_id: 'B0PIPEGATE', team_id: 'T0PIPEGATE', app_id: 'A0PIPEGATE' };

type Ok = Record<string, unknown>;

/** A user object the way users.info and users.lookupByEmail return it: the email lives in the profile. */
const userObject = (user: SlackUser): Ok => {
  const { email, display_name, real_name, ...rest } = user;
  const profile = { email, real_name: real_name ?? user.name, display_name: display_name ?? user.name };
  return {
    team_id: BOT.team_id,
    deleted: false,
    is_bot: false,
    ...rest,
    real_name: profile.real_name,
    profile,
  };
};

/** `metadata` as WebClient sends it (a JSON string in the form body) or as an object; undefined when absent or malformed. */
const metadataOf = (raw: unknown): SlackMetadata | undefined => {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return undefined;
    }
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { event_type, event_payload } = value as Record<string, unknown>;
  if (typeof event_type !== 'string' || typeof event_payload !== 'object' || event_payload === null) {
    return undefined;
  }
  return { event_type, event_payload: event_payload as Record<string, unknown> };
};

/** One Web API method: its arguments in, the fields of its `ok: true` answer out; throws SlackError otherwise. */
export type SlackMethod = (args: SlackArgs) => Ok;

/**
 * The Web API methods the stand-in implements, working on `workspace`: auth.test, chat.postMessage,
 * conversations.history, conversations.replies, chat.update, chat.postEphemeral, views.open, users.info, users.lookupByEmail and usergroups.users.list.
 *
 * @example
 * const methods = slackMethods(new SlackWorkspace());
 * methods['chat.postMessage']({ channel: 'C1', text: 'hi' }); // { channel: 'C1', ts: '…', message: {…} }
 */
export function slackMethods(workspace: SlackWorkspace): Record<string, SlackMethod> {
  const channelOf = (args: SlackArgs, namesAllowed = true): string => {
    const id = workspace.resolveChannel(str(args.channel), namesAllowed);
    if (!id) throw new SlackError('channel_not_found');
    return id;
  };
  const content = (args: SlackArgs): SlackMessageVersion => {
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

  const listed = (message: SlackMessage, withMetadata: boolean): Ok =>
    botMessage(message, message.ts, {
      ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
      ...(withMetadata && message.metadata ? { metadata: message.metadata } : {}),
    });

  return {
    'auth.test': () => ({
      url: 'https://pipegate-local.slack.com/',
      team: 'pipegate-local',
      user: 'pipegate',
      ...BOT,
    }),
    'chat.postMessage': (args) => {
      const channel = channelOf(args);
      const version = content(args);
      const ts = workspace.nextTs();
      const threadTs = str(args.thread_ts);
      const broadcast = args.reply_broadcast === true || args.reply_broadcast === 'true';
      const metadata = metadataOf(args.metadata);
      workspace.messages.push({
        channel,
        ts,
        ...version,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        ...(broadcast ? { reply_broadcast: true } : {}),
        ...(metadata ? { metadata } : {}),
        updates: 0,
        history: [version],
      });
      return { channel, ts, message: botMessage(version, ts, threadTs ? { thread_ts: threadTs } : {}) };
    },
    // Newest first, top-level messages only (Slack's order); metadata only when asked for.
    'conversations.history': (args) => {
      const channel = channelOf(args, false);
      const oldest = Number(str(args.oldest) ?? 0);
      const limit = Number(str(args.limit) ?? 100);
      const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
      const messages = workspace.messages
        .filter((m) => m.channel === channel && !m.thread_ts && Number(m.ts) >= oldest)
        .reverse()
        .slice(0, limit)
        .map((m) => listed(m, withMetadata));
      return { messages, has_more: false };
    },
    // The parent first, then its replies, oldest first.
    'conversations.replies': (args) => {
      const channel = channelOf(args, false);
      const ts = str(args.ts);
      const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
      const thread = workspace.messages.filter(
        (m) => m.channel === channel && (m.ts === ts || m.thread_ts === ts),
      );
      if (thread.length === 0) throw new SlackError('thread_not_found');
      return { messages: thread.map((m) => listed(m, withMetadata)), has_more: false };
    },
    'chat.update': (args) => {
      const channel = channelOf(args, false);
      const message = workspace.messages.find((m) => m.channel === channel && m.ts === args.ts);
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
      const message_ts = workspace.nextTs();
      workspace.ephemerals.push({ channel, user, message_ts, ...content(args) });
      return { message_ts };
    },
    'views.open': (args) => {
      if (!str(args.trigger_id)) throw new SlackError('invalid_arguments');
      if (typeof args.view !== 'object' || args.view === null) throw new SlackError('invalid_arguments');
      const id = `V${String(workspace.views.length + 1).padStart(10, '0')}`;
      const view = {
        id,
        team_id: BOT.team_id,
        app_id: BOT.app_id,
        state: { values: {} },
        hash: `${Date.now()}.x`,
        ...args.view,
      };
      workspace.views.push(view);
      return { view };
    },
    'users.lookupByEmail': (args) => {
      const wanted = str(args.email)?.toLowerCase();
      const user = [...workspace.users.values()].find((u) => wanted && u.email?.toLowerCase() === wanted);
      if (!user) throw new SlackError('users_not_found');
      return { user: userObject(user) };
    },
    'users.info': (args) => {
      const user = workspace.users.get(String(args.user));
      if (!user) throw new SlackError('user_not_found');
      return { user: userObject(user) };
    },
    'usergroups.users.list': (args) => {
      const members = workspace.groups.get(String(args.usergroup));
      if (!members) throw new SlackError('no_such_subteam');
      return { users: [...members] };
    },
  };
}
