import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { CLI_BUNDLE, cliBundleOptions, REPO_ROOT } from '../../../cli/build/bundle-options';

// bin/pipegate.cjs is generated and committed (a production install has no esbuild): these tests fail when it
// no longer matches the sources, or when it would need a package a production install does not have.

const buildInMemory = async () => {
  const result = await build({ ...cliBundleOptions(), write: false });
  const [file] = result.outputFiles ?? [];
  return { text: file?.text ?? '', metafile: result.metafile };
};

describe('the committed CLI bundle', () => {
  it('is what `npm run build:cli` builds from the current sources', async () => {
    // Prepare
    const committed = readFileSync(CLI_BUNDLE, 'utf8');

    // Act
    const { text } = await buildInMemory();

    // Assess
    expect(text.length).toBeGreaterThan(1000);
    // Not toBe (a 70 kB diff helps nobody): say what to run.
    if (text !== committed) {
      throw new Error('bin/pipegate.cjs is stale: run `npm run build:cli` and commit the result');
    }
  });

  it('needs only Node built-ins and production dependencies at run time', async () => {
    // Prepare
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const builtins = new Set(builtinModules);

    // Act
    const { metafile } = await buildInMemory();
    const imports = Object.values(metafile?.outputs ?? {}).flatMap((output) =>
      output.imports.filter((entry) => entry.external).map((entry) => entry.path),
    );

    // Assess
    const packageOf = (path: string) =>
      path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : (path.split('/')[0] ?? path);
    const outside = imports.filter(
      (path) => !path.startsWith('node:') && !builtins.has(path) && !(packageOf(path) in pkg.dependencies),
    );
    expect(imports.length).toBeGreaterThan(0);
    expect(outside).toEqual([]);
  });
});

/**
 * The packages a run of the committed bundle loads, recorded by a hook on Node's module loader (so the check
 * does not depend on how fast the machine is).
 */
const packagesLoadedBy = (args: string[]): string[] => {
  const dir = mkdtempSync(join(tmpdir(), 'pipegate-cli-'));
  const hook = join(dir, 'record-loads.cjs');
  const report = join(dir, 'loaded.json');
  writeFileSync(
    hook,
    `const Module = require('node:module');
const seen = new Set();
const load = Module._load;
Module._load = function (request, ...rest) {
  if (!/^(node:|\\.|\\/)/.test(request)) seen.add(request.startsWith('@') ? request.split('/').slice(0, 2).join('/') : request.split('/')[0]);
  return load.call(this, request, ...rest);
};
process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify([...seen].sort())));
`,
  );
  try {
    execFileSync(process.execPath, ['--require', hook, CLI_BUNDLE, ...args], { stdio: 'pipe' });
    return JSON.parse(readFileSync(report, 'utf8')) as string[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

describe('`pipegate --help` starts light', () => {
  // Each command loads its queries, the SDK and zod when it runs: help needs only commander, which is what
  // keeps `npx pipegate --help` under a second from a production install.
  it.each([['--help'], ['pending', '--help'], ['config', 'check', '--help'], ['audit', 'verify', '--help']])(
    '%s loads no package but commander',
    (...args) => {
      expect(packagesLoadedBy(args)).toEqual(['commander']);
    },
  );

  it('a command that runs loads what it needs (the check sees loads)', () => {
    expect(packagesLoadedBy(['config', 'check', join(REPO_ROOT, 'pipegate.config.yaml')])).toContain('zod');
  });
});
