import {
  escapeWithin,
  fitMrkdwn,
  formatMention,
  mrkdwnLink,
  mrkdwnQuote,
  slackDate,
} from '../../../../shared/present/slack/mrkdwn';

describe('mrkdwnLink', () => {
  it('links an https URL with an escaped label', () => {
    // Prepare
    const url = 'https://github.com/acme/api/commit/9c4e1f7';

    // Act
    const link = mrkdwnLink(url, 'a <b> & c');

    // Assess
    expect(link).toBe('<https://github.com/acme/api/commit/9c4e1f7|a &lt;b&gt; &amp; c>');
  });

  it('percent-encodes characters that would break out of the link', () => {
    // Prepare
    const url = 'https://example.com/a|b>c d';

    // Act
    const link = mrkdwnLink(url, 'log');

    // Assess
    expect(link).toBe('<https://example.com/a%7Cb%3Ec%20d|log>');
  });

  it('shows only the label for a URL that is not http(s)', () => {
    // Prepare
    const url = 'javascript:alert(1)';

    // Act
    const link = mrkdwnLink(url, 'log');

    // Assess
    expect(link).toBe('log');
  });
});

describe('slackDate', () => {
  it('lets Slack localise the time and falls back to UTC', () => {
    // Prepare
    const iso = '2026-11-20T14:02:11Z';

    // Act
    const text = slackDate(iso, 'time');

    // Assess
    expect(text).toBe(`<!date^${Date.parse(iso) / 1000}^{time}|14:02 UTC>`);
  });
});

describe('formatMention', () => {
  it.each([
    ['U024BE7LH', '<@U024BE7LH>'],
    ['S0614TZR7', '<!subteam^S0614TZR7>'],
    ['@here', '<!here>'],
    ['channel', '<!channel>'],
    ['<@W123ABC>', '<@W123ABC>'],
    ['<script>', '&lt;script&gt;'],
  ])('turns %s into %s', (target, expected) => {
    // Prepare
    const input = target;

    // Act
    const mention = formatMention(input);

    // Assess
    expect(mention).toBe(expected);
  });
});

describe('escapeWithin', () => {
  it('keeps the escaped form within the maximum even for text dense in markup', () => {
    // Prepare
    const text = '<&>'.repeat(500);

    // Act
    const escaped = escapeWithin(text, 200);

    // Assess
    expect(escaped.length).toBeLessThanOrEqual(200);
    expect(escaped.length).toBeGreaterThan(150);
    expect(escaped).toMatch(/^(&lt;&amp;&gt;)+/);
  });
});

describe('mrkdwnQuote', () => {
  it('quotes every line and escapes it', () => {
    // Prepare
    const text = 'first <b>\nsecond';

    // Act
    const quote = mrkdwnQuote(text, 100);

    // Assess
    expect(quote).toBe('>first &lt;b&gt;\n>second');
  });
});

describe('fitMrkdwn', () => {
  it('cuts at a line break so links stay whole', () => {
    // Prepare
    const text = `${'a'.repeat(50)}\n<https://example.com/${'x'.repeat(100)}|link>`;

    // Act
    const fitted = fitMrkdwn(text, 100);

    // Assess
    expect(fitted).toBe(`${'a'.repeat(50)}\n…`);
  });
});
