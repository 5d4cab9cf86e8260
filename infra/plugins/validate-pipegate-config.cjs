'use strict';
// osls plugin: refuses to package or deploy a bad pipegate.config.yaml, with the same messages the functions
// would log at load (exact field, line and why) — so a mistake never reaches a running Lambda. It validates
// the config file (custom.pipegateConfig.source) against exactly the environment each function will have,
// then compiles it to the JSON the functions open (custom.pipegateConfig.compiled: their PIPEGATE_CONFIG,
// which must be bundled) — so no bundle carries a YAML parser. It also grants sns:Publish on the topics the
// file names to the functions that publish.
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { dirname, resolve } = require('node:path');

// A value CloudFormation provides at deploy time (Ref, GetAtt, Sub…) is replaced by a placeholder ARN while
// validating; a topic resolving to the placeholder is granted with the original intrinsic.
const placeholderFor = (name) => `arn:aws:sns:us-east-1:000000000000:pipegate-stack-provided-${name}`;

class ValidatePipegateConfig {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = {
      'before:package:initialize': () => this.validate(),
      // `osls invoke local` runs the bundle, which reads the compiled file too.
      'before:invoke:local:invoke': () => this.validate(),
    };
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
      const { compileConfig, parseConfig } = require('../../shared/config/load-config.ts');
      const service = this.serverless.service;
      const { source, compiled } = service.custom?.pipegateConfig ?? {};
      if (typeof source !== 'string' || typeof compiled !== 'string') {
        throw new Error('serverless.yml: custom.pipegateConfig needs `source` and `compiled` paths');
      }
      const bundled = service.package?.patterns ?? [];
      if (!bundled.includes(compiled)) {
        throw new Error(`package.patterns does not bundle the compiled config ${compiled}`);
      }
      const text = readFileSync(resolve(this.serverless.serviceDir, source), 'utf8');
      for (const name of Object.keys(service.functions)) {
        const environment = this.environmentOf(name);
        const file = environment.PIPEGATE_CONFIG;
        if (typeof file !== 'string') continue;
        if (file !== compiled) {
          throw new Error(`${name}: PIPEGATE_CONFIG names ${file}, not the compiled config ${compiled}`);
        }
        const env = {};
        const provided = new Map();
        for (const [key, value] of Object.entries(environment)) {
          env[key] = typeof value === 'string' ? value : placeholderFor(key);
          if (typeof value !== 'string') provided.set(placeholderFor(key), value);
        }
        const config = parseConfig(text, { source, env });
        this.grantConfigTopics(name, config, provided);
      }
      this.writeCompiled(compileConfig(text, source), resolve(this.serverless.serviceDir, compiled));
      this.serverless.cli.log(`pipegate: ${source} is valid (bundled as ${compiled})`);
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

  /** Written whole then renamed: two packagings at once (the package tests) never bundle half a file. */
  writeCompiled(json, path) {
    mkdirSync(dirname(path), { recursive: true });
    const partial = `${path}.${process.pid}.tmp`;
    writeFileSync(partial, json);
    renameSync(partial, path);
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
