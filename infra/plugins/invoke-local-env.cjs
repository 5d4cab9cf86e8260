'use strict';
// osls plugin: `osls invoke local` runs a handler on this machine, where there is no stack to resolve
// CloudFormation values such as `!Ref PipegateTable` from (osls would ask CloudFormation, and refuses any
// Fn::Sub outright). Such variables are taken from the shell instead — pointed at the local stack that
// `npm start` runs — and a missing one is named with the value it stands for. See events/README.md.
// osls also loads only `.js`/`.cjs` handlers, while the bundles are ESM `.mjs`: a `.cjs` shim next to the
// bundle imports it. Listed after serverless-esbuild, so the shim is written once the bundle exists.
const { existsSync, writeFileSync } = require('node:fs');
const { basename, join } = require('node:path');

class InvokeLocalEnv {
  constructor(serverless, options) {
    this.serverless = serverless;
    this.options = options;
    this.hooks = {
      // Before osls' own loadEnvVars, which would try to resolve the intrinsics against AWS.
      initialize: () => this.fromShell(),
      'before:invoke:local:invoke': () => this.shimEsmHandler(),
    };
  }

  shimEsmHandler() {
    const handler = this.serverless.service.getFunction(this.options.function).handler;
    const [modulePath, exportName] = [
      handler.slice(0, handler.lastIndexOf('.')),
      handler.slice(handler.lastIndexOf('.') + 1),
    ];
    const bundle = join(this.serverless.serviceDir, `${modulePath}.mjs`);
    if (!existsSync(bundle)) return;
    writeFileSync(
      join(this.serverless.serviceDir, `${modulePath}.cjs`),
      `exports.${exportName} = async (...args) => (await import('./${basename(bundle)}')).${exportName}(...args);\n`,
    );
  }

  fromShell() {
    const { commands } = this.serverless.processedInput;
    if (commands[0] !== 'invoke' || commands[1] !== 'local') return;
    const { provider, functions } = this.serverless.service;
    const missing = [];
    for (const environment of [
      provider.environment,
      ...Object.values(functions).map((fn) => fn.environment),
    ]) {
      for (const [name, value] of Object.entries(environment ?? {})) {
        if (typeof value === 'string' || value === null || value === undefined) continue;
        const local = process.env[name];
        if (local) environment[name] = local;
        else missing.push(`  ${name} (deployed: ${JSON.stringify(value)})`);
      }
    }
    if (missing.length > 0) {
      throw new this.serverless.classes.Error(
        `invoke local: these variables come from the stack; set them in the shell (npm start prints the local values):\n${[...new Set(missing)].join('\n')}`,
      );
    }
  }
}

module.exports = InvokeLocalEnv;
