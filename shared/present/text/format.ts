import type { ExecutionState } from '../../events/pipeline-event';

/**
 * The emoji shown next to an execution, stage or action in Slack.
 * `awaitingApproval` turns a running step into ⏳, because "running" undersells a step that waits for a human.
 * An unknown state (no pipeline-level event yet) counts as running: stage and action events imply it.
 * @example
 * stateEmoji('FAILED'); // '❌'
 * stateEmoji('STARTED', { awaitingApproval: true }); // '⏳'
 */
export const stateEmoji = (
  state: ExecutionState | undefined,
  options: { awaitingApproval?: boolean } = {},
): string => {
  switch (state) {
    case 'SUCCEEDED':
      return '✅';
    case 'FAILED':
      return '❌';
    case 'STOPPING':
      return '⏸';
    case 'STOPPED':
      return '⏹';
    case 'SUPERSEDED':
      return '⏭';
    case 'CANCELED':
    case 'ABANDONED':
      return '🚫';
    default:
      return options.awaitingApproval ? '⏳' : '🔄';
  }
};

/**
 * A text-presentation mark for plain-text email (subjects and bodies), where colour emoji look out of place
 * and some mail clients render them as boxes.
 */
export const stateSymbol = (
  state: ExecutionState | undefined,
  options: { awaitingApproval?: boolean } = {},
): string => {
  switch (state) {
    case 'SUCCEEDED':
      return '✔';
    case 'FAILED':
      return '✖';
    case 'STOPPING':
    case 'STOPPED':
    case 'CANCELED':
    case 'ABANDONED':
      return '■';
    case 'SUPERSEDED':
      return '⏭';
    case 'RESUMED':
      return '↻';
    default:
      return options.awaitingApproval ? '⏳' : '▶';
  }
};

/** The state as a lower-case word for sentences: "prod-api *succeeded*", "Build is *running*". */
export const stateWord = (state: ExecutionState | undefined): string => {
  switch (state) {
    case undefined:
    case 'STARTED':
      return 'running';
    case 'RESUMED':
      return 'resumed';
    default:
      return state.toLowerCase();
  }
};

/**
 * A compact human duration: `45s`, `3m 05s`, `1h 02m`, `2d 03h`. Negative or unknown values give `0s`.
 * @example
 * formatDuration(185_000); // '3m 05s'
 */
export const formatDuration = (ms: number): string => {
  const total = Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 1000) : 0;
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (total < 60) return `${total}s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes}m ${pad(total % 60)}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${pad(minutes % 60)}m`;
  return `${Math.floor(hours / 24)}d ${pad(hours % 24)}h`;
};

/** Milliseconds between two ISO times, or undefined when either is missing or unparsable. */
export const durationBetween = (start: string | undefined, end: string | undefined): number | undefined => {
  if (start === undefined || end === undefined) return undefined;
  const ms = Date.parse(end) - Date.parse(start);
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
};

/** The 7-character abbreviation git and GitHub show for a commit. */
export const shortSha = (sha: string): string => sha.slice(0, 7);

/**
 * The short execution tag used in subjects and fallbacks (`#4f1c2a`): the first 6 characters of the
 * execution id — enough to tell runs of one pipeline apart and to find them in the console.
 */
export const shortExecutionId = (executionId: string): string => executionId.slice(0, 6);

/**
 * Cuts `text` to at most `max` characters, ending with `…` when it was cut. Never splits a surrogate pair,
 * so an emoji at the cut does not become an invalid character.
 * @example
 * truncate('abcdef', 4); // 'abc…'
 */
export const truncate = (text: string, max: number): string => {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
};

/** Replaces control characters (including newlines and tabs) with spaces and collapses runs of whitespace. */
export const singleLine = (text: string): string =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\s]+/g, ' ').trim();

/**
 * The first non-empty line of a (commit) message, cut to `max` characters.
 * @example
 * firstLine('Fix retry budget\n\nFixes #812.', 72); // 'Fix retry budget'
 */
export const firstLine = (message: string, max: number): string => {
  const line = message.split(/\r?\n|\r/).find((candidate) => candidate.trim() !== '') ?? '';
  return truncate(singleLine(line), max);
};

/**
 * Escapes the three characters Slack treats as control sequences in mrkdwn and `text` (`&`, `<`, `>`), so
 * user-supplied text (commit messages, comments) cannot inject links, mentions or `<!channel>`.
 */
export const escapeMrkdwn = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `14:02 UTC`; the input as-is when it is not a date. */
export const formatUtcTime = (iso: string): string => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(11, 16)} UTC`;
};

/** `Fri 27 Nov 2026 10:04 UTC`: unambiguous across locales; the input as-is when it is not a date. */
export const formatUtcDateTime = (iso: string): string => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const day = `${WEEKDAYS[date.getUTCDay()] ?? ''} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()] ?? ''}`;
  return `${day} ${date.getUTCFullYear()} ${formatUtcTime(iso)}`;
};
