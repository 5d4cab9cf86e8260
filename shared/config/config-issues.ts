import type * as z from 'zod';

/** Where in the file a value sits: keys and list positions, as zod and the YAML document both spell them. */
export type ConfigPath = ReadonlyArray<PropertyKey>;

export interface ConfigIssue {
  path: ConfigPath;
  message: string;
}

/**
 * Spells a path the way people read YAML: `routes[1].match.states[0]`.
 * @example
 * formatPath(['routes', 1, 'match', 'states', 0]); // 'routes[1].match.states[0]'
 */
export const formatPath = (path: ConfigPath): string =>
  path.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    const key = String(segment);
    return text ? `${text}.${key}` : key;
  }, '');

/** A value as it should appear in a message: strings quoted, so an empty or padded value is visible. */
export const show = (value: unknown): string => JSON.stringify(value) ?? String(value);

const EXPECTED: Record<string, string> = {
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
};

const describe = (value: unknown): string => {
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a mapping';
  return show(value);
};

/**
 * Per-parse zod messages in the vocabulary of a YAML file ("a list", "a mapping", "is required"). Messages set
 * on a schema itself take precedence.
 * @example
 * schema.safeParse(data, { error: configErrorMessages });
 */
export const configErrorMessages: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      if (issue.input === undefined) return `is required (${expected})`;
      if (issue.input === null) return `is empty (expected ${expected})`;
      return `expected ${expected}, got ${describe(issue.input)}`;
    }
    case 'too_small':
      return issue.origin === 'array' || issue.origin === 'string'
        ? 'must not be empty'
        : `must be at least ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array' ? 'has too many entries' : `must be at most ${issue.maximum}`;
    default:
      return undefined;
  }
};

/**
 * Turns zod issues into config issues: an unknown key is reported at its own path, a bad mapping key with
 * the reason the key was refused.
 * @example
 * toConfigIssues(result.error.issues); // [{ path: ['routes', 0, 'match', 'pipeline'], message: 'unknown key …' }]
 */
export const toConfigIssues = (issues: readonly z.core.$ZodIssue[]): ConfigIssue[] =>
  issues.map((issue) => {
    if (issue.code === 'unrecognized_keys' && issue.keys.length === 1) {
      return { path: [...issue.path, ...issue.keys], message: issue.message };
    }
    if (issue.code === 'invalid_key') {
      return { path: issue.path, message: issue.issues[0]?.message ?? issue.message };
    }
    return { path: issue.path, message: issue.message };
  });

/** One line per issue: `source: path: why (line n)`, the format every config error uses. */
export const renderIssue = (source: string, issue: ConfigIssue, line?: number): string => {
  const where = issue.path.length > 0 ? `${formatPath(issue.path)}: ` : '';
  return `${source}: ${where}${issue.message}${line === undefined ? '' : ` (line ${line})`}`;
};
