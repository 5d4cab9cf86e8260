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
  /** When the call arrived, on the stand-in's clock (ms). */
  at?: number;
  /** Set when the call was refused at the HTTP level (429 rate limited). */
  status?: number;
}

export interface SlackEphemeral extends SlackMessageVersion {
  channel: string;
  user: string;
  message_ts: string;
}
