import type { View } from '@slack/types';
import type { ChatMessage, ChatPort, ChatUser } from '../../../shared/delivery/chat-port';
import { PipegateError } from '../../../shared/errors';
import { copy, Faults } from './faults';

/**
 * The Slack {@link ChatPort} in memory: posts get channel ids and increasing ts as Slack assigns them, and
 * everything sent is kept for assertions. Users and user groups are what the test registers; an unknown
 * user is NOT_FOUND as the adapter translates `user_not_found`.
 */
export class FakeChat implements ChatPort {
  readonly faults = new Faults<keyof ChatPort>();
  readonly posted: (ChatMessage & { ts: string; channelId: string })[] = [];
  readonly updated: (ChatMessage & { ts: string })[] = [];
  /** Per update: would the adapter wait out a short rate limit (`waitOnRateLimit`, default true)? */
  readonly updateWaits: boolean[] = [];
  readonly ephemerals: (ChatMessage & { user: string })[] = [];
  readonly views: { triggerId: string; view: View }[] = [];
  private readonly users = new Map<string, ChatUser>();
  private readonly groups = new Map<string, string[]>();
  private tsCounter = 0;
  /** What {@link ChatPort.updatesBusy} answers: set true to play a process Slack asked to back off. */
  busy = false;
  /** Cards (by delivery key) that give way: shown lately while the few slots left belong to older ones. */
  readonly busyCards = new Set<string>();

  updatesBusy(deliveryKey?: string): boolean {
    return this.busy || (deliveryKey !== undefined && this.busyCards.has(deliveryKey));
  }

  /** A workspace member (found by id and by email). */
  addUser(user: ChatUser): this {
    this.users.set(user.id, { ...user });
    return this;
  }

  /** A user group and its member ids. */
  addGroup(groupId: string, members: string[]): this {
    this.groups.set(groupId, [...members]);
    return this;
  }

  /** Channel names (`#deploys`) resolve to an id the way Slack answers `chat.postMessage`. */
  static channelId(channel: string): string {
    return channel.startsWith('#') ? `C${channel.slice(1).toUpperCase()}` : channel;
  }

  async postMessage(message: ChatMessage): Promise<{ channel: string; ts: string }> {
    this.faults.check('postMessage');
    this.tsCounter += 1;
    const ts = `1767000000.${String(this.tsCounter).padStart(6, '0')}`;
    const channelId = FakeChat.channelId(message.channel);
    this.posted.push({ ...copy(message), ts, channelId });
    return { channel: channelId, ts };
  }

  async updateMessage(
    message: ChatMessage & { ts: string },
    options: { waitOnRateLimit?: boolean } = {},
  ): Promise<void> {
    this.updateWaits.push(options.waitOnRateLimit ?? true);
    this.faults.check('updateMessage');
    this.updated.push(copy(message));
  }

  async postEphemeral(message: ChatMessage & { user: string }): Promise<void> {
    this.faults.check('postEphemeral');
    this.ephemerals.push(copy(message));
  }

  async openView(triggerId: string, view: View): Promise<void> {
    this.faults.check('openView');
    this.views.push({ triggerId, view: copy(view) });
  }

  async userInfo(userId: string): Promise<ChatUser> {
    this.faults.check('userInfo');
    const user = this.users.get(userId);
    if (!user) throw new PipegateError('NOT_FOUND', `Slack does not know user ${userId}`);
    return { ...user };
  }

  async userByEmail(email: string): Promise<ChatUser | undefined> {
    this.faults.check('userByEmail');
    const wanted = email.toLowerCase();
    const user = [...this.users.values()].find((candidate) => candidate.email?.toLowerCase() === wanted);
    return user ? { ...user } : undefined;
  }

  async userGroupMembers(groupId: string): Promise<string[]> {
    this.faults.check('userGroupMembers');
    return [...(this.groups.get(groupId) ?? [])];
  }
}
