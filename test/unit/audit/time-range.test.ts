import { daysIn, parseTimeExpression, resolveTimeRange } from '../../../shared/audit/time-range';

const now = new Date('2026-07-20T12:00:00.000Z');

describe('parseTimeExpression', () => {
  it.each([
    ['30m', '2026-07-20T11:30:00.000Z'],
    ['24h', '2026-07-19T12:00:00.000Z'],
    ['7d', '2026-07-13T12:00:00.000Z'],
    ['2w', '2026-07-06T12:00:00.000Z'],
    ['now', '2026-07-20T12:00:00.000Z'],
    ['2026-07-01T12:00:00Z', '2026-07-01T12:00:00.000Z'],
    ['2026-07-01T12:00', '2026-07-01T12:00:00.000Z'],
    ['2026-07-01T14:00:00+02:00', '2026-07-01T12:00:00.000Z'],
  ])('reads %s', (text, expected) => {
    // Act
    const parsed = parseTimeExpression(text, now, 'start');

    // Assess
    expect(parsed?.toISOString()).toBe(expected);
  });

  it('reads a date as the first millisecond of the UTC day when it starts a window', () => {
    // Act
    const parsed = parseTimeExpression('2026-07-01', now, 'start');

    // Assess
    expect(parsed?.toISOString()).toBe('2026-07-01T00:00:00.000Z');
  });

  it('reads a date as the last millisecond of the UTC day when it ends a window', () => {
    // Act
    const parsed = parseTimeExpression('2026-09-30', now, 'end');

    // Assess
    expect(parsed?.toISOString()).toBe('2026-09-30T23:59:59.999Z');
  });

  it.each(['xyz', '7', '7y', '-7d', '2026-02-30', '2026-13-01', '2026-07-01T25:00Z', '', '07/01/2026'])(
    'refuses %j',
    (text) => {
      // Act
      const parsed = parseTimeExpression(text, now, 'start');

      // Assess
      expect(parsed).toBeUndefined();
    },
  );
});

describe('resolveTimeRange', () => {
  it('uses the default window ending now when nothing is given', () => {
    // Act
    const range = resolveTimeRange({}, now, '7d');

    // Assess
    expect(range).toEqual({ from: '2026-07-13T12:00:00.000Z', to: '2026-07-20T12:00:00.000Z' });
  });

  it('refuses a start after the end', () => {
    // Act
    const resolve = () => resolveTimeRange({ from: '2026-07-10', to: '2026-07-01' }, now, '7d');

    // Assess
    expect(resolve).toThrow(
      expect.objectContaining({ code: 'INVALID_REQUEST', message: expect.stringContaining('after') }),
    );
  });

  it('refuses since and from together', () => {
    // Act
    const resolve = () => resolveTimeRange({ since: '7d', from: '2026-07-01' }, now, '7d');

    // Assess
    expect(resolve).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
  });

  it('names the parameter that cannot be read', () => {
    // Act
    const resolve = () => resolveTimeRange({ since: 'xyz' }, now, '7d');

    // Assess
    expect(resolve).toThrow('invalid since "xyz"');
  });
});

describe('daysIn', () => {
  it('lists every UTC day the window touches', () => {
    // Act
    const days = daysIn({ from: '2026-06-30T23:00:00.000Z', to: '2026-07-02T00:30:00.000Z' });

    // Assess
    expect(days).toEqual(['2026-06-30', '2026-07-01', '2026-07-02']);
  });

  it('allows exactly 400 days', () => {
    // Act
    const days = daysIn({ from: '2025-06-16T00:00:00.000Z', to: '2026-07-20T00:00:00.000Z' });

    // Assess
    expect(days).toHaveLength(400);
  });

  it('refuses 401 days', () => {
    // Act
    const list = () => daysIn({ from: '2025-06-15T00:00:00.000Z', to: '2026-07-20T00:00:00.000Z' });

    // Assess
    expect(list).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
  });
});
