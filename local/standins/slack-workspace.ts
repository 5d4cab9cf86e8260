import type { SlackCall, SlackEphemeral, SlackMessage, SlackUser } from './slack-types';

const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;

/**
 * Everything the Slack stand-in remembers: the workspace's users, user groups and channels, and every message,
 * ephemeral, modal and call. `reset()` swaps in fresh arrays, so read them through the instance each time.
 *
 * @example
 * const workspace = new SlackWorkspace(['C1']);
 * workspace.resolveChannel('C1', true); // 'C1'
 */
export class SlackWorkspace {
  readonly users = new Map<string, SlackUser>();
  readonly groups = new Map<string, string[]>();
  messages: SlackMessage[] = [];
  calls: SlackCall[] = [];
  ephemerals: SlackEphemeral[] = [];
  views: Record<string, unknown>[] = [];
  /** Channel id → name (undefined when only the id is known). */
  private readonly channels = new Map<string, string | undefined>();
  private allowListed = false;
  private lastMicros = 0;

  /** `initialChannels` is the allow-list the workspace starts with, and returns to on reset. */
  constructor(private readonly initialChannels?: readonly string[]) {
    this.reset();
  }

  /** A fresh message timestamp. */
  nextTs(): string {
    // Real ts values are "<seconds>.<micros>" and unique per channel; strictly increasing keeps ordering simple.
    this.lastMicros = Math.max(Date.now() * 1000, this.lastMicros + 100);
    return `${Math.floor(this.lastMicros / 1e6)}.${String(this.lastMicros % 1e6).padStart(6, '0')}`;
  }

  /**
   * The channel id for an id, `name` or `#name`, or undefined where Slack answers `channel_not_found`. Unknown
   * names get a new channel unless the allow-list is on.
   */
  resolveChannel(given: string | undefined, namesAllowed: boolean): string | undefined {
    // Slack answers with the channel id even when posting to "#name", and chat.update only takes ids.
    if (!given) return undefined;
    if (CHANNEL_ID.test(given)) {
      if (this.allowListed && !this.channels.has(given)) return undefined;
      return given;
    }
    const name = given.replace(/^#/, '');
    const known = [...this.channels].find(([, n]) => n === name)?.[0];
    if (!namesAllowed || (this.allowListed && !known)) return undefined;
    if (known) return known;
    const id = `C0${String(this.channels.size + 1).padStart(9, '0')}`;
    this.channels.set(id, name);
    return id;
  }

  /** Adds `id` to the allow-list (switching the allow-list on); `name` lets callers post to `#name`. */
  addChannel(id: string, name?: string): void {
    this.channels.set(id, name);
    this.allowListed = true;
  }

  /** The id of a known channel given as `name` or `#name`; anything else comes back unchanged. */
  channelIdFor(channel: string | undefined): string | undefined {
    return [...this.channels].find(([, name]) => `#${name}` === channel || name === channel)?.[0] ?? channel;
  }

  /** Forgets everything except the initial allow-list (message timestamps keep increasing). */
  reset(): void {
    this.messages = [];
    this.calls = [];
    this.ephemerals = [];
    this.views = [];
    this.users.clear();
    this.groups.clear();
    this.channels.clear();
    for (const channel of this.initialChannels ?? []) this.channels.set(channel, undefined);
    this.allowListed = this.channels.size > 0;
  }
}
