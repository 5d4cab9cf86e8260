#!/usr/bin/env node
'use strict';
// `npx pipegate …` runs the TypeScript CLI in place: tsx's CommonJS hook compiles cli/*.ts and shared/*.ts on
// load, so the repo needs no build step.
const { join } = require('node:path');

// Lambda runs Node 22+; the SDK's Node 20 deprecation notice is noise for an operator's terminal.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('tsx/cjs/api').register();
const { runCli } = require(join(__dirname, '..', 'cli', 'main.ts'));

process.stdout.on('error', (error) => {
  // `pipegate … | head` closes stdout early; that is not a failure.
  if (error.code === 'EPIPE') process.exit(0);
});
runCli(process.argv, {
  env: process.env,
  out: process.stdout,
  err: process.stderr,
  now: () => new Date(),
}).then((code) => {
  process.exitCode = code;
});
