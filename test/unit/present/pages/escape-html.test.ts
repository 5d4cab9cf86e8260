import { escapeHtml } from '../../../../shared/present/pages/escape-html';
import { html } from '../../../../shared/present/pages/safe-html';

describe('escapeHtml', () => {
  it('escapes the five characters that can end text or a quoted attribute', () => {
    // Act
    const escaped = escapeHtml(`<a href="x" title='y'>&</a>`);

    // Assess
    expect(escaped).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('escapes an ampersand only once', () => {
    // Act
    const escaped = escapeHtml('&amp;');

    // Assess
    expect(escaped).toBe('&amp;amp;');
  });
});

describe('html', () => {
  it('escapes interpolated text', () => {
    // Act
    const markup = html`<p title="${'"><script>'}">${'<b>'}</p>`.markup;

    // Assess
    expect(markup).toBe('<p title="&quot;&gt;&lt;script&gt;">&lt;b&gt;</p>');
  });

  it('keeps nested html and joins lists', () => {
    // Act
    const markup = html`<ul>${['<1>', '2'].map((item) => html`<li>${item}</li>`)}</ul>`.markup;

    // Assess
    expect(markup).toBe('<ul><li>&lt;1&gt;</li><li>2</li></ul>');
  });

  it('renders nothing for undefined, null and false', () => {
    // Act
    const markup = html`[${undefined}${null}${false}]`.markup;

    // Assess
    expect(markup).toBe('[]');
  });
});
