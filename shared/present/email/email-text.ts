import type { TriggerInfo } from '../../events/pipeline-event';
import type { ExecutionSummary } from '../../history/execution-summary';
import { orderedStages } from '../../history/execution-summary';
import { actionsOf, isAwaitingApproval, stageProgress } from '../text/execution-facts';
import { singleLine, stateSymbol, truncate } from '../text/format';
import { describeTrigger } from '../text/trigger-description';

/**
 * SNS takes subjects "less than 100 characters long", without line breaks or control characters. Length is
 * counted in UTF-16 code units here, which is never less than the character count, so the cap is safe.
 */
export const MAX_SUBJECT = 99;

/** Bodies stay well under SNS's 256 KB message limit, which also has to hold the message attributes. */
export const MAX_BODY_BYTES = 200_000;

/**
 * A one-line subject that fits SNS and a phone's notification: `prefix name rest`. When too long the rest is
 * cut first down to its most telling part, then the name, so `✖ … FAILED in Build` survives long names.
 * @example
 * fitSubject('✖', 'prod-api', '#4f1c2a FAILED in Build'); // '✖ prod-api #4f1c2a FAILED in Build'
 */
export const fitSubject = (prefix: string, name: string, rest: string): string => {
  const [p, n, r] = [singleLine(prefix), singleLine(name), singleLine(rest)];
  const full = `${p} ${n} ${r}`;
  if (full.length <= MAX_SUBJECT) return full;
  const restRoom = Math.max(40, MAX_SUBJECT - p.length - n.length - 2);
  const shortRest = truncate(r, restRoom);
  const shortName = truncate(n, Math.max(1, MAX_SUBJECT - p.length - shortRest.length - 2));
  return truncate(`${p} ${shortName} ${shortRest}`, MAX_SUBJECT);
};

/**
 * Text from events and people, made safe for a plain-text body: line breaks normalised, other control
 * characters removed, cut to `max` characters.
 */
export const plainText = (text: string, max: number): string =>
  truncate(
    text
      .replace(/\r\n?/g, '\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')
      .trim(),
    max,
  );

/**
 * A URL from an event or a pipeline's configuration, fit to print in an email: http(s) only, one line, no
 * spaces. Anything else (`javascript:`, `data:`, `file:`) is never printed: mail clients make it clickable.
 * @example
 * printableUrl('javascript:alert(1)'); // undefined
 */
export const printableUrl = (url: string | undefined): string | undefined => {
  const line = url === undefined ? '' : plainText(url, 2000).replace(/\s/g, '');
  return /^https?:\/\/[^\s/]/i.test(line) ? line : undefined;
};

/** Indents every non-empty line of a multi-line value (for messages and summaries under a label). */
export const indent = (text: string, by = '    '): string =>
  text
    .split('\n')
    .map((line) => (line.trim() === '' ? '' : `${by}${line}`))
    .join('\n');

/** `Label:     value` with labels aligned, skipping empty values. */
export const fieldLines = (fields: readonly Field[]): string[] => {
  const present = fields.filter(
    (field): field is [string, string] => field[1] !== undefined && field[1] !== '',
  );
  const width = Math.max(0, ...present.map(([label]) => label.length)) + 2;
  return present.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`);
};

/** A labelled plain-text field; empty values are skipped by {@link fieldLines}. */
export type Field = [label: string, value: string | undefined];

/** What started the run, as fields: commit, link, author, branch — or how and by whom. None when unknown. */
export const triggerFields = (trigger: TriggerInfo | undefined): Field[] => {
  if (trigger === undefined) return [];
  const t = describeTrigger(trigger);
  const started = `${t.how}${t.startedBy ? ` by ${t.startedBy}` : ''}`;
  if (!t.commit) return [['Triggered', `${t.how}${t.who ? ` by ${t.who}` : ''}`]];
  const author = t.who && t.authorEmail && t.who !== t.authorEmail ? `${t.who} <${t.authorEmail}>` : t.who;
  const where = [t.tag ? `tag ${t.tag}` : t.branch, t.repository].filter(Boolean).join(' in ');
  return [
    ['Commit', `${t.commit.short}${t.commit.title ? ` ${t.commit.title}` : ''}`],
    ['Link', printableUrl(t.commit.url)],
    ['Author', author === undefined ? undefined : singleLine(author)],
    ['Branch', where === '' ? undefined : singleLine(where)],
    ['Triggered', t.manual ? started : undefined],
  ];
};

/**
 * The stage list for email: a mark, the stage name padded into a column, and its duration or state; failed
 * actions follow their stage with the error code.
 */
export const stageListLines = (summary: ExecutionSummary): string[] => {
  const stages = orderedStages(summary);
  if (stages.length === 0) return ['  (no stage has started yet)'];
  const width = Math.min(30, Math.max(...stages.map((stage) => stage.name.length))) + 2;
  return stages.flatMap((stage) => {
    const mark = stateSymbol(stage.state, { awaitingApproval: isAwaitingApproval(summary, stage) });
    const attempt = stage.attempt > 1 ? ` (attempt ${stage.attempt})` : '';
    const head = `  ${mark} ${stage.name.padEnd(width)}${stageProgress(summary, stage)}${attempt}`;
    const failures = actionsOf(summary, stage.name)
      .filter((action) => action.state === 'FAILED')
      .map((action) => {
        const code = action.result?.errorCode ? `: ${singleLine(action.result.errorCode)}` : '';
        return `      ✖ ${action.action}${action.provider ? ` (${action.provider})` : ''}${code}`;
      });
    return [head, ...failures];
  });
};

/** Cuts a body to `maxBytes` of UTF-8 (SNS counts bytes), with a note that it was cut. */
export const capBytes = (body: string, maxBytes = MAX_BODY_BYTES): string => {
  if (Buffer.byteLength(body, 'utf8') <= maxBytes) return body;
  const note = '\n\n[… cut to fit the email size limit]';
  let end = maxBytes - Buffer.byteLength(note, 'utf8');
  // Each character is at most 4 bytes; shrink until the UTF-8 form fits (a few rounds at most).
  let text = truncate(body, end);
  while (Buffer.byteLength(text, 'utf8') > maxBytes - Buffer.byteLength(note, 'utf8')) {
    end = Math.floor(end * 0.9);
    text = truncate(body, end);
  }
  return `${text}${note}`;
};
