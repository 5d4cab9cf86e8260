import type { StandInRequest } from './http';

/** Web API arguments after form/JSON decoding. */
export type SlackArgs = Record<string, unknown>;

/** A Slack platform error: answered as HTTP 200 with `{ ok: false, error: <message> }`. */
export class SlackError extends Error {}

// Slack sends these as JSON strings inside form bodies (WebClient serialises objects that way).
const JSON_FIELDS = ['blocks', 'attachments', 'view', 'metadata'];

/**
 * The string value of an argument, treating `''` like a missing argument as Slack does.
 *
 * @example
 * nonEmptyString(args.thread_ts); // '1700000000.000100' or undefined
 */
export const nonEmptyString = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * Decodes a Web API call's arguments from a JSON or form-encoded body, unpacking the form fields Slack carries
 * as JSON strings; throws the SlackError real Slack answers for malformed JSON.
 *
 * @example
 * parseSlackArgs(request); // { channel: 'C1', blocks: [...] }
 */
export function parseSlackArgs(request: StandInRequest): SlackArgs {
  if (request.headers['content-type']?.startsWith('application/json')) {
    try {
      return request.body ? (JSON.parse(request.body) as SlackArgs) : {};
    } catch {
      throw new SlackError('invalid_json');
    }
  }
  const args: SlackArgs = Object.fromEntries(new URLSearchParams(request.body));
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

/**
 * Returns the caller's token (Bearer header, else the `token` argument) when it is accepted: one of `tokens`
 * if given, otherwise any `xoxb-`/`xoxp-` token.
 *
 * @example
 * const token = authoriseSlackToken(request, args, ['xoxb-test']);
 */
export function authoriseSlackToken(request: StandInRequest, args: SlackArgs, tokens?: string[]): string {
  const header = request.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice(7) : nonEmptyString(args.token);
  // Real Slack distinguishes "no token at all" from "a token it does not know".
  if (!token) throw new SlackError('not_authed');
  const accepted = tokens ? tokens.includes(token) : /^xox[bp]-./.test(token);
  if (!accepted) throw new SlackError('invalid_auth');
  return token;
}
