/**
 * A time as a person reads it on a phone, in UTC because a page without scripts cannot know the reader's
 * zone: `2026-09-01 14:03 UTC`. Text that is not a time is returned as it is (pages escape it).
 *
 * @example
 * ```ts
 * formatUtc('2026-09-01T14:03:27.512Z'); // '2026-09-01 14:03 UTC'
 * ```
 */
export const formatUtc = (value: string | Date): string => {
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime())
    ? String(value)
    : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
};
