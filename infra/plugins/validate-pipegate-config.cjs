'use strict';
// osls plugin: refuses to package or deploy a bad pipegate.config.yaml, with the same messages the functions
// would log at load (exact field, line and why) — so a mistake never reaches a running Lambda. It validates
// exactly the file each function will open (its PIPEGATE_CONFIG, which must be bundled), against exactly the
// environment that function will have, and grants sns:Publish on the topics that file names to the
// functions that publish.
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');

// A value CloudFormation provides at deploy time (Ref, GetAtt, Sub…) is replaced by a placeholder ARN while
// validating; a topic resolving to the placeholder is granted with the original intrinsic.
const placeholderFor = (name) => `arn:aws:sns:us-east-1:000000000000:pipegate-stack-provided-${name}`;

class ValidatePipegateConfig {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'before:package:initialize': () => this.validate() };
  }

  /** The environment a function runs with: provider-wide variables, overridden by its own. */
  environmentOf(functionName) {
    const { provider, functions } = this.serverless.service;
    return { ...(provider.environment ?? {}), ...(functions[functionName].environment ?? {}) };
  }

  validate() {
    const { register } = require('tsx/cjs/api');
    const unregister = register();
    try {
      const { parseConfig } = require('../../shared/config/load-config.ts');
      const service = this.serverless.service;
      const bundled = service.package?.patterns ?? [];
      for (const name of Object.keys(service.functions)) {
        const environment = this.environmentOf(name);
        const file = environment.PIPEGATE_CONFIG;
        if (typeof file !== 'string') continue;
        if (!bundled.includes(file)) {
          throw new Error(`${name}: PIPEGATE_CONFIG names ${file}, which package.patterns does not bundle`);
        }
        const env = {};
        const provided = new Map();
        for (const [key, value] of Object.entries(environment)) {
          env[key] = typeof value === 'string' ? value : placeholderFor(key);
          if (typeof value !== 'string') provided.set(placeholderFor(key), value);
        }
        const text = readFileSync(resolve(this.serverless.serviceDir, file), 'utf8');
        const config = parseConfig(text, { source: file, env });
        this.grantConfigTopics(name, config, provided);
        this.validated = this.validated ?? new Set();
        if (!this.validated.has(file)) this.serverless.cli.log(`pipegate: ${file} is valid`);
        this.validated.add(file);
      }
    } catch (error) {
      // The packager's shell is not the function's environment: say where a variable must be declared.
      const hint = /environment variable/.test(error.message)
        ? '\n(a function sees only the environment serverless.yml gives it: add the variable under provider.environment)'
        : '';
      throw new this.serverless.classes.Error(`pipegate config refused:\n${error.message}${hint}`);
    } finally {
      unregister();
    }
  }

  /**
   * A function that publishes to the service topic also publishes to every other topic its config names
   * (routes pick topics per event), so its role gets sns:Publish on them — derived here, never by hand.
   */
  grantConfigTopics(name, config, provided) {
    const fn = this.serverless.service.functions[name];
    const statements = fn.iamRoleStatements ?? [];
    const publishes = statements.some((statement) => [statement.Action].flat().includes('sns:Publish'));
    const topics = Object.entries(config.topics)
      .filter(([topic]) => topic !== 'default')
      .map(([, arn]) => provided.get(arn) ?? arn);
    if (!publishes || topics.length === 0) return;
    statements.push({ Effect: 'Allow', Action: ['sns:Publish'], Resource: topics });
    fn.iamRoleStatements = statements;
  }
}

module.exports = ValidatePipegateConfig;
