import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
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
