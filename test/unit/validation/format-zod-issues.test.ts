import * as z from 'zod';
import { formatZodIssues } from '../../../shared/validation/format-zod-issues';

describe('formatZodIssues', () => {
  it('gives one line per issue, naming the dotted path', () => {
    // Prepare
    const parsed = z.object({ a: z.object({ b: z.array(z.string()) }), c: z.number() }).safeParse({
      a: { b: ['x', 1] },
      c: 'no',
    });

    // Act
    const lines = parsed.success ? [] : formatZodIssues(parsed.error.issues);

    // Assess
    expect(lines).toEqual([
      'a.b.1: Invalid input: expected string, received number',
      'c: Invalid input: expected number, received string',
    ]);
  });

  it('says (root) when the value itself is wrong', () => {
    // Prepare
    const parsed = z.object({}).safeParse('text');

    // Act
    const lines = parsed.success ? [] : formatZodIssues(parsed.error.issues);

    // Assess
    expect(lines).toEqual(['(root): Invalid input: expected object, received string']);
  });
});
