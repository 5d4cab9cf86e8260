import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

// Measured inside a fresh process, around the dynamic import only: what a cold start pays to load the code
// (Node's own startup is the same for every bundle and would only dilute the ratio).
const PROBE =
  'const t=performance.now();import(process.argv[1]).then(()=>{process.stdout.write(String(performance.now()-t))})';

/**
 * Milliseconds one fresh `node` process takes to import a bundle, optionally with `--enable-source-maps`.
 * @example importMs('/tmp/bundles/ingest/ingest.mjs', true)
 */
export const importMs = (bundlePath: string, sourceMaps: boolean): number => {
  const run = spawnSync(
    process.execPath,
    [...(sourceMaps ? ['--enable-source-maps'] : []), '-e', PROBE, pathToFileURL(bundlePath).href],
    {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'eu-west-1',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
      },
    },
  );
  const ms = Number(run.stdout);
  if (run.status !== 0 || !Number.isFinite(ms))
    throw new Error(`import of ${bundlePath} failed: ${run.stderr}`);
  return ms;
};

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
