import type * as z from 'zod';

/**
 * One line per zod issue, `path: message` (`(root)` when the value itself is wrong): how every edge that
 * parses with zod reports what did not match, in an error's message and `details.issues`.
 * @example formatZodIssues(parsed.error.issues) // ['detail.pipeline: Too small: expected string to have >=1 characters']
 */
export const formatZodIssues = (issues: readonly z.core.$ZodIssue[]): string[] =>
  issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
