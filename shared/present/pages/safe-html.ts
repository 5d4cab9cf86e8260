import { escapeHtml } from './escape-html';

/**
 * Markup that is already safe: built by {@link html}, so every value inside it was escaped. Constructing one
 * directly is reserved for constant markup written in this folder (the stylesheet), never for data.
 */
export class SafeHtml {
  constructor(readonly markup: string) {}

  toString(): string {
    return this.markup;
  }
}

/** What may be interpolated: text (escaped), safe markup (kept), lists of either, or nothing. */
export type HtmlValue = SafeHtml | string | number | undefined | null | false | readonly HtmlValue[];

const render = (value: HtmlValue): string => {
  if (value instanceof SafeHtml) {
    return value.markup;
  }
  if (Array.isArray(value)) {
    return value.map(render).join('');
  }
  return value === undefined || value === null || value === false ? '' : escapeHtml(String(value));
};

/**
 * Template tag that escapes every interpolated value unless it is already {@link SafeHtml}, so a page cannot
 * forget to escape: a plain string is always escaped.
 *
 * @example
 * ```ts
 * html`<p>${commitMessage}</p>`.markup; // '<p>&lt;script&gt;…</p>'
 * html`<ul>${items.map((item) => html`<li>${item}</li>`)}</ul>`;
 * ```
 */
export const html = (strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml =>
  new SafeHtml(strings.reduce((out, part, index) => out + render(values[index - 1]) + part));
