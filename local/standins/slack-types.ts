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

/**
 * A fault the stand-in answers one call with. `appliedThen` does the call's work first (the message IS
 * posted) and then loses the answer — a 500, or no answer for `ms` (the client's timeout) — the ambiguous
 * failure where a blind retry posts twice.
 */
export type SlackFault =
  | { status: 429; retryAfter: number }
  | { status: 500 }
  | { error: string }
  | { appliedThen: 500 }
  | { appliedThen: 'hang'; ms: number };

/** Slack message metadata (chat.postMessage `metadata`), returned with `include_all_metadata`. */
export interface SlackMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

export interface SlackMessageVersion {
  text?: string;
  blocks?: unknown;
}

export interface SlackMessage extends SlackMessageVersion {
  channel: string;
  ts: string;
  thread_ts?: string;
  reply_broadcast?: boolean;
  metadata?: SlackMetadata;
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
