import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Document, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { PipegateError } from '../errors';
import {
  type ConfigIssue,
  type ConfigPath,
  configErrorMessages,
  formatPath,
  renderIssue,
  toConfigIssues,
} from './config-issues';
import { type Env, substituteEnv } from './env-substitution';
import { type PipegateConfig, pipegateConfigSchema } from './pipegate-config';

/** The file bundled into every function (serverless.yml `package.patterns`) and used by `npm start`. */
export const DEFAULT_CONFIG_FILE = 'pipegate.config.yaml';

/** `topics.default` is the service's own topic (serverless.yml sets it) unless the file declares it. */
const SERVICE_TOPIC_VARIABLE = 'PIPEGATE_TOPIC_ARN';

export interface ParseConfigOptions {
  /** How messages name the file, e.g. `pipegate.config.yaml`. */
  source: string;
  env: Env;
}

interface ParsedConfig {
  config: PipegateConfig;
  /** The environment values the config was built from; a change means it must be built again. */
  variables: Env;
}

const isMapping = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const invalid = (source: string, issues: string[], cause?: unknown): PipegateError =>
  new PipegateError('INVALID_CONFIG', issues.join('\n'), { cause, details: { source, issues } });

const lineAt = (lines: LineCounter, node: unknown): number | undefined =>
  isNode(node) && node.range ? lines.linePos(node.range[0]).line : undefined;

/**
 * The line of the deepest part of `path` that exists in the file: a key's own line for mapping entries, an
 * item's line for list entries; a missing key points at its parent.
 */
const lineOf = (doc: Document, lines: LineCounter, path: ConfigPath): number | undefined => {
  let node: unknown = doc.contents;
  let line: number | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) === segment);
      if (!pair) break;
      line = lineAt(lines, pair.key) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      line = lineAt(lines, node) ?? line;
    } else {
      break;
    }
  }
  return line;
};

/** Top-level `x-…` keys only hold YAML anchors for reuse (as in Compose files); their aliases are resolved. */
const withoutExtensions = (file: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(file).filter(([key]) => !key.startsWith('x-')));

const declaresDefaultTopic = (file: Record<string, unknown>): boolean =>
  isMapping(file.topics) && Object.hasOwn(file.topics, 'default');

/** Adds the implicit `topics.default` after substitution; empty when the variable is unset. */
const withServiceTopic = (value: unknown, serviceTopic: string): unknown => {
  if (!isMapping(value)) return value;
  const topics = value.topics ?? {};
  return isMapping(topics) ? { ...value, topics: { default: serviceTopic, ...topics } } : value;
};

const emptyTopicReason = (templates: Map<string, string>, implicitDefault: boolean) => (name: string) => {
  if (name === 'default' && implicitDefault) {
    return `${SERVICE_TOPIC_VARIABLE} is not set (topics.default is the service topic unless the file declares it)`;
  }
  const template = templates.get(formatPath(['topics', name]));
  return template
    ? `topics.${name} is ${JSON.stringify(template)}, which resolved to an empty string`
    : `topics.${name} is empty`;
};

const parseWithVariables = (text: string, { source, env }: ParseConfigOptions): ParsedConfig => {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, merge: true });
  const [firstError] = doc.errors;
  if (firstError) {
    // Later syntax errors are almost always echoes of the first; one precise line helps more than thirty.
    // yaml points at the indentation before a misplaced entry; the entry itself is what people look for.
    let offset = firstError.pos[0];
    while (text[offset] === ' ' || text[offset] === '\t') offset += 1;
    const { line, col } = lines.linePos(offset);
    throw invalid(source, [`${source}:${line}:${col}: YAML syntax error: ${firstError.message}`]);
  }
  const file: unknown = doc.toJS();
  if (file === null || file === undefined) {
    throw invalid(source, [
      `${source}: the file is empty (expected topics, retention, routes and approvals)`,
    ]);
  }
  if (!isMapping(file)) {
    throw invalid(source, [`${source}: expected a mapping with topics, retention, routes and approvals`]);
  }

  const substituted = substituteEnv(withoutExtensions(file), env);
  const implicitDefault = !declaresDefaultTopic(file);
  const variables = implicitDefault
    ? { ...substituted.variables, [SERVICE_TOPIC_VARIABLE]: env[SERVICE_TOPIC_VARIABLE] }
    : substituted.variables;
  const value = implicitDefault
    ? withServiceTopic(substituted.value, env[SERVICE_TOPIC_VARIABLE] ?? '')
    : substituted.value;
  const schema = pipegateConfigSchema({
    declaredTopics: isMapping(value) && isMapping(value.topics) ? value.topics : {},
    describeEmptyTopic: emptyTopicReason(substituted.templates, implicitDefault),
  });
  const parsed = schema.safeParse(value, { error: configErrorMessages });

  // A reference that could not be resolved left an empty value behind; its schema issue would only repeat it.
  const unresolved = new Set(substituted.issues.map((issue) => formatPath(issue.path)));
  const schemaIssues = parsed.success ? [] : toConfigIssues(parsed.error.issues);
  const issues: ConfigIssue[] = [
    ...substituted.issues,
    ...schemaIssues.filter((issue) => !unresolved.has(formatPath(issue.path))),
  ];
  if (!parsed.success || issues.length > 0) {
    const located = issues.map((issue) => ({ issue, line: lineOf(doc, lines, issue.path) }));
    located.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
    throw invalid(
      source,
      located.map(({ issue, line }) => renderIssue(source, issue, line)),
    );
  }
  return { config: parsed.data, variables };
};

/**
 * Parses and validates the text of a config file (YAML, or JSON, which YAML 1.2 reads too).
 * @throws PipegateError INVALID_CONFIG; `details.issues` has one line per problem, each naming the exact path
 * and why, e.g. `pipegate.config.yaml: routes[1].match.states[0]: "FAILD" is not a CodePipeline state (…)`.
 * @example
 * const config = parseConfig(readFileSync('pipegate.config.yaml', 'utf8'), {
 *   source: 'pipegate.config.yaml',
 *   env: process.env,
 * });
 */
export const parseConfig = (text: string, options: ParseConfigOptions): PipegateConfig =>
  parseWithVariables(text, options).config;

const readConfig = (path: string, env: Env): ParsedConfig => {
  const absolute = resolve(process.cwd(), path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    // Not `instanceof Error`: fs errors can come from another realm (jest, vm contexts).
    const missing = typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
    const why = missing ? 'config file not found' : 'cannot read the config file';
    throw invalid(path, [`${path}: ${why} (${absolute})`], error);
  }
  return parseWithVariables(text, { source: path, env });
};

/**
 * Reads and validates a config file; a relative path is taken from the working directory.
 * @throws PipegateError INVALID_CONFIG naming the path when the file is missing, or every problem in it
 * @example
 * const config = loadConfig('pipegate.config.yaml', { PIPEGATE_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:pipegate' });
 */
export const loadConfig = (path: string, env: Env = process.env): PipegateConfig =>
  readConfig(path, env).config;

const loaded = new Map<string, ParsedConfig>();

/**
 * The config every function runs with: `PIPEGATE_CONFIG`, else `pipegate.config.yaml` in the working
 * directory (Lambda's is the package root). Memoised per file, so a warm Lambda reads it once; it is read
 * again when an environment variable the file refers to has changed.
 * @throws PipegateError INVALID_CONFIG (never memoised, so a fixed environment is picked up)
 * @example
 * const config = configFromEnv(); // at module scope of functions/ingest.ts
 */
export const configFromEnv = (env: Env = process.env): PipegateConfig => {
  const path = env.PIPEGATE_CONFIG || DEFAULT_CONFIG_FILE;
  const key = resolve(process.cwd(), path);
  const cached = loaded.get(key);
  if (cached && Object.entries(cached.variables).every(([name, value]) => env[name] === value)) {
    return cached.config;
  }
  const parsed = readConfig(path, env);
  loaded.set(key, parsed);
  return parsed.config;
};
