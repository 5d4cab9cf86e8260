import { renderPage } from './page-layout';
import { html, type SafeHtml } from './safe-html';

export type ResultTone = 'ok' | 'warn' | 'error';

export interface ResultPageInput {
  title: string;
  message: string;
  tone: ResultTone;
  /** Label/value rows shown under the message, e.g. `['Decided by', 'Jane Doe']`. */
  details?: ReadonlyArray<readonly [label: string, value: string]>;
}

/** A symbol as well as a colour, so the tone does not rely on colour vision. */
const TONE_SYMBOLS: Readonly<Record<ResultTone, string>> = { ok: '✓', warn: '!', error: '✕' };

const detailList = (details: NonNullable<ResultPageInput['details']>): SafeHtml | undefined =>
  details.length === 0
    ? undefined
    : html`<dl>${details.map(([label, value]) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`)}</dl>`;

/**
 * The page shown after an approval link is used, or when it cannot be: decided, already decided, expired,
 * already used, not allowed, completed outside pipegate, invalid. Plain text in, every value escaped.
 *
 * @returns the whole HTML document; serve it with `htmlHeaders()`
 * @example
 * ```ts
 * renderResultPage({
 *   title: 'Approved — prod-api continues',
 *   message: 'Your approval was sent to CodePipeline.',
 *   tone: 'ok',
 *   details: [['Approved by', 'Jane Doe'], ['At', '2026-09-01 14:03 UTC']],
 * });
 * ```
 */
export const renderResultPage = ({ title, message, tone, details = [] }: ResultPageInput): string =>
  renderPage({
    title,
    body: html`<p class="tone tone-${tone}" aria-hidden="true">${TONE_SYMBOLS[tone]}</p>
<h1>${title}</h1>
<p>${message}</p>
${detailList(details)}
<p class="note">You can close this page.</p>`,
  });

/**
 * The page for any path pipegate does not serve.
 *
 * @example
 * ```ts
 * return { statusCode: 404, headers: htmlHeaders(), body: renderNotFoundPage() };
 * ```
 */
export const renderNotFoundPage = (): string =>
  renderResultPage({
    title: 'Page not found',
    message: 'There is nothing here. If you followed an approval link, open it again from the email.',
    tone: 'error',
  });
