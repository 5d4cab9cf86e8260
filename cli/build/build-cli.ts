import { chmodSync } from 'node:fs';
import { build } from 'esbuild';
import { CLI_BUNDLE, cliBundleOptions } from './bundle-options';

// `npm run build:cli`: regenerates bin/pipegate.cjs after a change to cli/ or shared/ (commit the result).
const main = async (): Promise<void> => {
  await build(cliBundleOptions());
  chmodSync(CLI_BUNDLE, 0o755);
  console.log(`built ${CLI_BUNDLE}`);
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
