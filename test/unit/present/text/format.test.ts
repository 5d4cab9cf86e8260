import type { ExecutionState } from '../../../../shared/events/pipeline-event';
import {
  escapeMrkdwn,
  firstLine,
  formatDuration,
  formatUtcDateTime,
  shortSha,
  singleLine,
  stateEmoji,
  truncate,
} from '../../../../shared/present/text/format';

describe('stateEmoji', () => {
  it.each<[ExecutionState | undefined, string]>([
    ['SUCCEEDED', '✅'],
    ['FAILED', '❌'],
    ['STARTED', '🔄'],
    ['RESUMED', '🔄'],
    [undefined, '🔄'],
    ['STOPPING', '⏸'],
    ['STOPPED', '⏹'],
    ['SUPERSEDED', '⏭'],
    ['CANCELED', '🚫'],
    ['ABANDONED', '🚫'],
  ])('shows %s as %s', (state, emoji) => {
    // Prepare
    const input = state;

    // Act
    const shown = stateEmoji(input);

    // Assess
    expect(shown).toBe(emoji);
  });

  it('shows a running step that waits for an approval as ⏳', () => {
    // Prepare
    const options = { awaitingApproval: true };

    // Act
    const shown = stateEmoji('STARTED', options);

    // Assess
    expect(shown).toBe('⏳');
  });

  it('keeps the final state of a finished approval step', () => {
    // Prepare
    const options = { awaitingApproval: true };

    // Act
    const shown = stateEmoji('SUCCEEDED', options);

    // Assess
    expect(shown).toBe('✅');
  });
});

describe('formatDuration', () => {
  it.each([
    [45_000, '45s'],
    [185_000, '3m 05s'],
    [3_720_000, '1h 02m'],
    [183_600_000, '2d 03h'],
    [999, '0s'],
    [-5_000, '0s'],
    [Number.NaN, '0s'],
  ])('formats %d ms as %s', (ms, text) => {
    // Prepare
    const input = ms;

    // Act
    const formatted = formatDuration(input);

    // Assess
    expect(formatted).toBe(text);
  });
});

describe('text helpers', () => {
  it('shortens a SHA to 7 characters', () => {
    // Prepare
    const sha = '9c4e1f7a2b8d3e6f0a5c7b9d1e2f4a6c8b0d2e4f';

    // Act
    const short = shortSha(sha);

    // Assess
    expect(short).toBe('9c4e1f7');
  });

  it('takes the first non-empty line of a message', () => {
    // Prepare
    const message = '\n  Fix retry budget\r\n\r\nFixes #812.';

    // Act
    const line = firstLine(message, 72);

    // Assess
    expect(line).toBe('Fix retry budget');
  });

  it('cuts the first line to the maximum with an ellipsis', () => {
    // Prepare
    const message = 'a'.repeat(100);

    // Act
    const line = firstLine(message, 10);

    // Assess
    expect(line).toBe(`${'a'.repeat(9)}…`);
  });

  it('escapes &, < and > for Slack', () => {
    // Prepare
    const text = '<script>alert("x")</script> & <!channel>';

    // Act
    const escaped = escapeMrkdwn(text);

    // Assess
    expect(escaped).toBe('&lt;script&gt;alert("x")&lt;/script&gt; &amp; &lt;!channel&gt;');
  });

  it('truncates with an ellipsis within the maximum', () => {
    // Prepare
    const text = 'abcdef';

    // Act
    const cut = truncate(text, 4);

    // Assess
    expect(cut).toBe('abc…');
  });

  it('leaves text that fits untouched', () => {
    // Prepare
    const text = 'abcd';

    // Act
    const cut = truncate(text, 4);

    // Assess
    expect(cut).toBe('abcd');
  });

  it('never splits an emoji when truncating', () => {
    // Prepare
    const text = `ab${'😀'.repeat(5)}`;

    // Act
    const cut = truncate(text, 6);

    // Assess
    expect(cut).toBe('ab😀…');
    expect(cut.length).toBeLessThanOrEqual(6);
  });

  it('turns line breaks and control characters into single spaces', () => {
    // Prepare
    const text = 'one\r\ntwo\u0007\tthree\u2028four';

    // Act
    const line = singleLine(text);

    // Assess
    expect(line).toBe('one two three four');
  });

  it('formats dates unambiguously in UTC', () => {
    // Prepare
    const iso = '2026-11-27T10:04:55Z';

    // Act
    const text = formatUtcDateTime(iso);

    // Assess
    expect(text).toBe('Fri 27 Nov 2026 10:04 UTC');
  });
});
