import { type ConfigIssue, type ConfigPath, formatPath } from './config-issues';

export type Env = Record<string, string | undefined>;

export interface SubstitutionResult {
  /** The input with every reference replaced (an unresolvable one by the empty string). */
  value: unknown;
  issues: ConfigIssue[];
  /** The original text of each value that held a reference, by formatted path (`topics.default`). */
  templates: Map<string, string>;
  /** Every variable the file reads, with the value it had (undefined when unset). */
  variables: Env;
}

// `$${` is the escape for a literal `${`; it is matched first so that it is never read as a reference.
const PLACEHOLDER = /\$\$\{|\$\{([^}]*)\}/g;
const ENV_REFERENCE = /^\s*env:([A-Za-z_][A-Za-z0-9_]*)\s*(?:,\s*(.*?))?\s*$/s;

const isMapping = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Replaces `${env:NAME}` and `${env:NAME, default}` in every string value (never in keys) of a parsed config
 * file, so one file serves every stage. A variable that is unset or empty takes the default; without a
 * default it is an issue naming the variable and the path that uses it. Values stay text: the schema reads
 * numbers and booleans from text where a field expects them.
 * @example
 * substituteEnv({ topics: { default: '${env:PIPEGATE_TOPIC_ARN}' } }, { PIPEGATE_TOPIC_ARN: 'arn:aws:sns:…' });
 * // value: { topics: { default: 'arn:aws:sns:…' } }, templates: Map { 'topics.default' => '${env:PIPEGATE_TOPIC_ARN}' }
 */
export const substituteEnv = (value: unknown, env: Env): SubstitutionResult => {
  const issues: ConfigIssue[] = [];
  const templates = new Map<string, string>();
  const variables: Env = {};

  const resolve = (reference: string, inner: string, path: ConfigPath): string => {
    const parsed = ENV_REFERENCE.exec(inner);
    const name = parsed?.[1];
    if (!parsed || name === undefined) {
      const message = `${reference} is not a supported reference (expected \${env:NAME} or \${env:NAME, default})`;
      issues.push({ path, message });
      return '';
    }
    const actual = env[name];
    variables[name] = actual;
    if (actual !== undefined && actual !== '') return actual;
    const fallback = parsed[2];
    if (fallback !== undefined) return fallback;
    const why = actual === undefined ? 'is not set' : 'is empty';
    const message = `environment variable ${name} ${why} (used as ${reference}; set it or give a default: \${env:${name}, value})`;
    issues.push({ path, message });
    return '';
  };

  const substitute = (text: string, path: ConfigPath): string => {
    let referenced = false;
    const result = text.replace(PLACEHOLDER, (whole: string, inner: string | undefined) => {
      if (inner === undefined) return '${';
      referenced = true;
      return resolve(whole, inner, path);
    });
    if (referenced) templates.set(formatPath(path), text);
    return result;
  };

  const walk = (node: unknown, path: ConfigPath): unknown => {
    if (typeof node === 'string') return substitute(node, path);
    if (Array.isArray(node)) return node.map((item, index) => walk(item, [...path, index]));
    if (isMapping(node)) {
      return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, walk(item, [...path, key])]));
    }
    return node;
  };

  return { value: walk(value, []), issues, templates, variables };
};
