import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readConfigDocument } from '#read-config-document';
import { DEFAULT_CONFIG_FILE } from './config-file';
import { invalidConfig, type ParsedConfig, validateConfigValue } from './config-value';
import type { Env } from './env-substitution';
import type { PipegateConfig } from './pipegate-config';

export interface ParseConfigOptions {
  /** How messages name the file, e.g. `pipegate.config.yaml`. */
  source: string;
  env: Env;
}

const parseWithVariables = (text: string, { source, env }: ParseConfigOptions): ParsedConfig => {
  const { value, lineOf } = readConfigDocument(text, source);
  return validateConfigValue(value, { source, env, lineOf });
};

/**
 * The config's data as JSON — anchors and merge keys resolved, `x-…` keys dropped, `${env:…}` references
 * left for each function to substitute with its own environment — which `osls package` bundles so that no
 * function carries a YAML parser. Compile only a file that validated.
 * @throws PipegateError INVALID_CONFIG for a YAML syntax error
 * @example compileConfig(readFileSync('pipegate.config.yaml', 'utf8'), 'pipegate.config.yaml');
 */
export const compileConfig = (text: string, source: string): string =>
  `${JSON.stringify(readConfigDocument(text, source).value, null, 2)}\n`;

/**
 * Parses and validates the text of a config file (YAML, or JSON, which YAML 1.2 reads too; a function
 * bundle reads JSON only — see `#read-config-document` in package.json).
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
    throw invalidConfig(path, [`${path}: ${why} (${absolute})`], error);
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
