import * as z from 'zod';
import { show } from './config-issues';

/**
 * Field schemas of the config file. Every message names the offending value and what was expected, because
 * the person reading it is editing YAML, not TypeScript.
 */

/** Levenshtein distance, small inputs only (config keys). */
const distance = (a: string, b: string): number => {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
};

const closest = (key: string, allowed: readonly string[]): string | undefined =>
  allowed.find((candidate) => candidate.toLowerCase() === key.toLowerCase()) ??
  allowed.find((candidate) => distance(candidate, key) <= 2);

/** The message for unknown keys: what is allowed here and, when a key looks like a typo, what was meant. */
export const unknownKeysMessage = (keys: readonly string[], allowed: readonly string[]): string => {
  const hints = keys.map((key) => {
    const suggestion = closest(key, allowed);
    return suggestion ? `${show(key)} (did you mean ${show(suggestion)}?)` : show(key);
  });
  const noun = keys.length === 1 ? 'unknown key' : 'unknown keys';
  return `${noun} ${hints.join(', ')}; allowed keys here: ${allowed.join(', ')}`;
};

/** A strict object: unknown keys are refused with a hint listing the allowed keys. */
export const strictObject = <Shape extends z.core.$ZodLooseShape>(shape: Shape) => {
  const allowed = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? unknownKeysMessage(issue.keys, allowed) : undefined,
  });
};

/** A string matching `pattern`; the message quotes the value and says what was expected. */
const patterned = (pattern: RegExp, expected: string, nullHint = '') =>
  z
    .string({ error: (issue) => (issue.input === null ? `is empty${nullHint}` : undefined) })
    .regex(pattern, { error: (issue) => `${show(issue.input)} is not ${expected}` });

/** A picomatch glob such as `prod-*`; `*` alone matches everything. */
export const glob = z.string().trim().min(1, 'a glob must not be empty');

export const globList = (what: string) =>
  z.array(glob).min(1, `must list at least one ${what} (use ["*"] for any)`);

/**
 * Slack channel names are lowercase letters (of any script), digits, `-` and `_`, at most 80 characters.
 * @see https://slack.com/help/articles/201402297-Create-a-channel
 */
export const slackChannel = patterned(
  /^(#[\p{Ll}\p{Lo}\p{N}_-]{1,80}|[CG][A-Z0-9]{6,20})$/u,
  'a Slack channel (expected #name or a channel id such as C0123ABCD)',
  ' — quote channel names, e.g. "#deploys": an unquoted # starts a YAML comment',
);

export const slackUserId = patterned(/^[UW][A-Z0-9]{6,20}$/, 'a Slack user id (expected U… or W…)');

export const slackGroupId = patterned(/^S[A-Z0-9]{6,20}$/, 'a Slack user group id (expected S…)');

const MENTION =
  /^(<@[UW][A-Z0-9]{6,20}>|<!subteam\^S[A-Z0-9]{6,20}(\|[^>]*)?>|<!(here|channel)>|[UWS][A-Z0-9]{6,20})$/;

/** A Slack mention; bare ids are turned into mention syntax so renderers can post them as they are. */
export const slackMention = patterned(
  MENTION,
  'a Slack mention (expected <@U…>, <!subteam^S…>, <!here>, <!channel> or a bare U…/S… id)',
).transform((mention) => {
  if (mention.startsWith('S')) return `<!subteam^${mention}>`;
  if (mention.startsWith('U') || mention.startsWith('W')) return `<@${mention}>`;
  return mention;
});

export const email = z.email({
  error: (issue) => (issue.input === null ? 'is empty' : `${show(issue.input)} is not an email address`),
});

/** Topic names are how routes refer to topics. */
export const topicName = patterned(/^[A-Za-z0-9_-]{1,64}$/, 'a topic name (letters, digits, - and _)');

const SNS_TOPIC_ARN = /^arn:aws[-a-z]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

/**
 * An SNS topic ARN. Empty is accepted here (an environment reference that resolved to nothing) and refused
 * only where a route uses the topic, so one file serves stages that have no such topic.
 */
export const topicArn = z.string().refine((value) => value === '' || SNS_TOPIC_ARN.test(value), {
  error: (issue) =>
    `${show(issue.input)} is not an SNS topic ARN (expected arn:aws:sns:<region>:<12-digit account>:<name>)`,
});

/**
 * Account ids are text. YAML reads an unquoted one as a number and drops leading zeros, so a number is only
 * taken when it still has all 12 digits; anything else is refused with a hint to quote it.
 */
export const accountId = z.preprocess(
  (value) => (typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value),
  patterned(/^\d{12}$/, 'an AWS account id (expected 12 digits, quoted: "012345678901")'),
);

/** Numbers may come from `${env:…}` references, which always yield text. */
export const integer = (min: number, max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value),
    z.number().int().min(min).max(max),
  );

/** Booleans may come from `${env:…}` references, which always yield text. */
export const flag = z.preprocess(
  (value) => (value === 'true' ? true : value === 'false' ? false : value),
  z.boolean(),
);
