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

// The config's rules applied to an already-read document — the YAML file (load-config.ts) or the JSON that
// `osls package` compiles from it (compiled-config.ts). No YAML parser here: a function bundle reading the
// compiled JSON carries none (docs/configuration.md).

export interface ValidateConfigOptions {
  /** How messages name the file, e.g. `pipegate.config.yaml`. */
  source: string;
  env: Env;
  /** The line a path is on, when the reader knows it (YAML): messages then name it and are sorted by it. */
  lineOf?: (path: ConfigPath) => number | undefined;
}

/** A config file's data as read, before validation; `lineOf` when the format has lines to point at. */
export interface ConfigDocument {
  value: unknown;
  lineOf?: (path: ConfigPath) => number | undefined;
}

export interface ParsedConfig {
  config: PipegateConfig;
  /** The environment values the config was built from; a change means it must be built again. */
  variables: Env;
}

/** `topics.default` is the service's own topic (serverless.yml sets it) unless the file declares it. */
const SERVICE_TOPIC_VARIABLE = 'PIPEGATE_TOPIC_ARN';

export const isMapping = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export const invalidConfig = (source: string, issues: string[], cause?: unknown): PipegateError =>
  new PipegateError('INVALID_CONFIG', issues.join('\n'), { cause, details: { source, issues } });

/** Top-level `x-…` keys only hold YAML anchors for reuse (as in Compose files); their aliases are resolved. */
export const withoutExtensions = (file: Record<string, unknown>): Record<string, unknown> =>
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

/**
 * Validates a read config document against `env`: `${env:…}` substitution, the implicit `topics.default`,
 * the schema.
 * @throws PipegateError INVALID_CONFIG with one line per problem in `details.issues`, naming the exact path
 * @example validateConfigValue(JSON.parse(text), { source: 'pipegate.config.yaml', env: process.env });
 */
export const validateConfigValue = (
  file: unknown,
  { source, env, lineOf }: ValidateConfigOptions,
): ParsedConfig => {
  if (file === null || file === undefined) {
    throw invalidConfig(source, [
      `${source}: the file is empty (expected topics, retention, routes and approvals)`,
    ]);
  }
  if (!isMapping(file)) {
    throw invalidConfig(source, [
      `${source}: expected a mapping with topics, retention, routes and approvals`,
    ]);
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
    const located = issues.map((issue) => ({ issue, line: lineOf?.(issue.path) }));
    located.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
    throw invalidConfig(
      source,
      located.map(({ issue, line }) => renderIssue(source, issue, line)),
    );
  }
  return { config: parsed.data, variables };
};
