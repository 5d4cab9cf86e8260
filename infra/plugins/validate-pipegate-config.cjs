'use strict';
// osls plugin: refuses to package or deploy a bad pipegate.config.yaml, with the same messages the functions
// would log at load (exact field, line and why) — so a mistake never reaches a running Lambda.
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');

// Values the stack itself provides at runtime; any placeholder of the right shape lets the file be checked.
const STACK_PROVIDED = { PIPEGATE_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:pipegate-placeholder' };

class ValidatePipegateConfig {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'before:package:initialize': () => this.validate() };
  }

  validate() {
    const { register } = require('tsx/cjs/api');
    const unregister = register();
    try {
      const { parseConfig } = require('../../shared/config/load-config.ts');
      const file = process.env.PIPEGATE_CONFIG || 'pipegate.config.yaml';
      const text = readFileSync(resolve(this.serverless.serviceDir, file), 'utf8');
      parseConfig(text, { source: file, env: { ...STACK_PROVIDED, ...process.env } });
      this.serverless.cli.log(`pipegate: ${file} is valid`);
    } catch (error) {
      throw new this.serverless.classes.Error(`pipegate config refused:\n${error.message}`);
    } finally {
      unregister();
    }
  }
}

module.exports = ValidatePipegateConfig;
