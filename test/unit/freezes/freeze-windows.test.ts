import type { Freeze } from '../../../shared/config/freeze';
import { parseConfig } from '../../../shared/config/load-config';
import { frozenUntil, occurrenceAt } from '../../../shared/freezes/freeze-windows';

/** Freezes as the config file spells them, so the schema's defaults and instants are what is tested. */
const freezeFrom = (yaml: string): Freeze => {
  const text = `freezes:\n  - name: test\n    match: { pipelines: ["*"] }\n${yaml
    .trim()
    .split('\n')
    .map((line) => `    ${line.trim()}`)
    .join('\n')}\n`;
  const [freeze] = parseConfig(text, { source: 'freezes.yaml', env: {} }).freezes;
  if (!freeze) throw new Error('no freeze parsed');
  return freeze;
};

const at = (iso: string): Date => new Date(iso);
const iso = (date: Date | undefined): string | undefined => date?.toISOString();

describe('weekly freeze windows', () => {
  const weekend = freezeFrom('timeZone: Europe/Berlin\ndays: [sat, sun]');

  it.each([
    ['Friday 23:59 Berlin (22:59Z)', '2026-12-04T22:59:00Z', false],
    ['Saturday 00:00 Berlin (Friday 23:00Z)', '2026-12-04T23:00:00Z', true],
    ['Sunday 23:59 Berlin', '2026-12-06T22:59:00Z', true],
    ['Monday 00:00 Berlin (Sunday 23:00Z)', '2026-12-06T23:00:00Z', false],
  ])('a whole-day window holds at %s: %s', (_label, now, held) => {
    // Act
    const occurrence = occurrenceAt(weekend, at(now));

    // Assess
    expect(occurrence !== undefined).toBe(held);
  });

  it('joins Saturday and Sunday: the freeze lets go on Monday 00:00 in its zone', () => {
    // Act
    const until = frozenUntil(weekend, at('2026-12-05T10:00:00Z'));

    // Assess
    expect(iso(until)).toBe('2026-12-06T23:00:00.000Z');
  });

  it('runs an overnight window into the next day and holds the early hours of that day', () => {
    // Prepare
    const nights = freezeFrom('timeZone: America/New_York\ndays: [thu]\nfrom: "20:00"\nto: "07:00"');

    // Act: Friday 06:59 and 07:00 New York (EST, UTC-5)
    const early = occurrenceAt(nights, at('2026-12-04T11:59:00Z'));
    const after = occurrenceAt(nights, at('2026-12-04T12:00:00Z'));

    // Assess
    expect(iso(early?.start)).toBe('2026-12-04T01:00:00.000Z');
    expect(iso(early?.end)).toBe('2026-12-04T12:00:00.000Z');
    expect(after).toBeUndefined();
  });

  it('does not hold an overnight window whose start day is not listed', () => {
    // Prepare: Thursday nights only; Friday 21:00 New York is not frozen
    const nights = freezeFrom('timeZone: America/New_York\ndays: [thu]\nfrom: "20:00"\nto: "07:00"');

    // Act
    const occurrence = occurrenceAt(nights, at('2026-12-05T02:00:00Z'));

    // Assess
    expect(occurrence).toBeUndefined();
  });

  it('reads "Friday after 15:00" in the freeze zone, not in UTC', () => {
    // Prepare
    const friday = freezeFrom('timeZone: Asia/Tokyo\ndays: [fri]\nfrom: "15:00"');

    // Act: 15:00 Tokyo is 06:00Z; Friday 14:59 Tokyo is not frozen
    const before = occurrenceAt(friday, at('2026-12-04T05:59:00Z'));
    const inside = frozenUntil(friday, at('2026-12-04T06:00:00Z'));

    // Assess: until Saturday 00:00 Tokyo = Friday 15:00Z
    expect(before).toBeUndefined();
    expect(iso(inside)).toBe('2026-12-04T15:00:00.000Z');
  });

  it('keeps a whole Sunday at 23 hours when the clocks go forward (Berlin, 29 March 2026)', () => {
    // Prepare
    const sunday = freezeFrom('timeZone: Europe/Berlin\ndays: [sun]');

    // Act
    const occurrence = occurrenceAt(sunday, at('2026-03-29T12:00:00Z'));

    // Assess: 00:00 CET (23:00Z) to 24:00 CEST (22:00Z)
    expect(iso(occurrence?.start)).toBe('2026-03-28T23:00:00.000Z');
    expect(iso(occurrence?.end)).toBe('2026-03-29T22:00:00.000Z');
  });

  it('keeps a whole Sunday at 25 hours when the clocks go back (Berlin, 25 October 2026)', () => {
    // Prepare
    const sunday = freezeFrom('timeZone: Europe/Berlin\ndays: [sun]');

    // Act
    const occurrence = occurrenceAt(sunday, at('2026-10-25T12:00:00Z'));

    // Assess: 00:00 CEST (22:00Z) to 24:00 CET (23:00Z)
    expect(iso(occurrence?.start)).toBe('2026-10-24T22:00:00.000Z');
    expect(iso(occurrence?.end)).toBe('2026-10-25T23:00:00.000Z');
  });

  it('keeps an overnight window at its wall-clock times across the DST change (Saturday 22:00 to 06:00)', () => {
    // Prepare
    const night = freezeFrom('timeZone: Europe/Berlin\ndays: [sat]\nfrom: "22:00"\nto: "06:00"');

    // Act: inside the night of 28/29 March 2026, when 02:00 CET became 03:00 CEST
    const occurrence = occurrenceAt(night, at('2026-03-29T01:30:00Z'));

    // Assess: 22:00 CET = 21:00Z; 06:00 CEST = 04:00Z — seven hours, not eight
    expect(iso(occurrence?.start)).toBe('2026-03-28T21:00:00.000Z');
    expect(iso(occurrence?.end)).toBe('2026-03-29T04:00:00.000Z');
  });
});

describe('one-off freeze windows', () => {
  it('reads local date-times in the freeze zone, DST included', () => {
    // Prepare: summer time in Berlin, so 09:00 local is 07:00Z
    const release = freezeFrom('timeZone: Europe/Berlin\nstart: "2026-07-01T09:00"\nend: "2026-07-01T17:00"');

    // Act
    const before = occurrenceAt(release, at('2026-07-01T06:59:00Z'));
    const inside = frozenUntil(release, at('2026-07-01T07:00:00Z'));
    const atEnd = occurrenceAt(release, at('2026-07-01T15:00:00Z'));

    // Assess
    expect(before).toBeUndefined();
    expect(iso(inside)).toBe('2026-07-01T15:00:00.000Z');
    expect(atEnd).toBeUndefined();
  });

  it('takes a date-time with its own offset as that instant, whatever the zone', () => {
    // Prepare
    const freeze = freezeFrom(
      'timeZone: Asia/Tokyo\nstart: "2026-12-21T00:00Z"\nend: "2026-12-22T00:00+01:00"',
    );

    // Act
    const until = frozenUntil(freeze, at('2026-12-21T00:00:00Z'));

    // Assess
    expect(iso(until)).toBe('2026-12-21T23:00:00.000Z');
  });
});
