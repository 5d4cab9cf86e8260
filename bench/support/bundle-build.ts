import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { zip } from 'serverless-esbuild/dist/utils';
import { parse } from 'yaml';
import { compileConfig } from '../../shared/config/load-config';

const repoRoot = join(__dirname, '..', '..');

// serverless-esbuild's own keys: it strips them before calling esbuild (dist/bundle.js) and maps
// `outputFileExtension` to `outExtension`, `exclude` to `external`.
const PLUGIN_KEYS = new Set([
  'concurrency',
  'zipConcurrency',
  'exclude',
  'nativeZip',
  'packager',
  'packagePath',
  'watch',
  'keepOutputDirectory',
  'packagerOptions',
  'installExtraArgs',
  'outputFileExtension',
  'outputBuildFolder',
  'outputWorkFolder',
  'nodeExternals',
  'skipBuild',
  'skipRebuild',
  'skipBuildExcludeFns',
  'stripEntryResolveExtensions',
  'disposeContext',
  'config',
]);

export interface ServerlessBuild {
  esbuild: BuildOptions;
  outputExtension: string;
  /** `package.patterns` files every function zip carries (the config file). */
  packagedFiles: string[];
  functions: Record<string, string>;
}

// The two kinds of osls variable the packaged files use: `${self:a.b}` (another key of serverless.yml) and
// `${param:name}` (its stage-independent default in `params`).
const resolveVariables = (text: string, yml: Record<string, unknown>): string =>
  text.replace(/\$\{(self|param):([^}]+)\}/g, (reference, kind: string, path: string) => {
    const root = kind === 'param' ? (yml.params as { default?: unknown } | undefined)?.default : yml;
    const value = path
      .split('.')
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root);
    if (typeof value !== 'string') throw new Error(`serverless.yml: cannot resolve ${reference}`);
    return resolveVariables(value, yml);
  });

/**
 * The esbuild options osls would use, read from serverless.yml's `custom.esbuild` (never copied), and each
 * function's entry file.
 * @example const { esbuild, functions } = serverlessBuild();
 */
export const serverlessBuild = (): ServerlessBuild => {
  // CloudFormation tags (!Ref, !Sub…) are unknown to a plain YAML parser: they are kept as strings.
  const yml = parse(readFileSync(join(repoRoot, 'serverless.yml'), 'utf8'), { logLevel: 'silent' }) as {
    custom: { esbuild: Record<string, unknown>; pipegateConfig?: { source: string; compiled: string } };
    params?: { default?: Record<string, unknown> };
    package?: { patterns?: string[] };
    functions: Record<string, { handler: string }>;
  };
  const custom = yml.custom.esbuild;
  // What `osls package` bundles as the config: the JSON compiled from the YAML file (its plugin does the same).
  if (yml.custom.pipegateConfig) {
    const source = resolveVariables(yml.custom.pipegateConfig.source, yml);
    const compiled = join(repoRoot, resolveVariables(yml.custom.pipegateConfig.compiled, yml));
    mkdirSync(dirname(compiled), { recursive: true });
    writeFileSync(compiled, compileConfig(readFileSync(join(repoRoot, source), 'utf8'), source));
  }
  const esbuild = Object.fromEntries(
    Object.entries(custom).filter(([key]) => !PLUGIN_KEYS.has(key)),
  ) as BuildOptions;
  const exclude = Array.isArray(custom.exclude) ? (custom.exclude as string[]) : [];
  const outputExtension = typeof custom.outputFileExtension === 'string' ? custom.outputFileExtension : '.js';
  return {
    esbuild: { ...esbuild, external: exclude.filter((name) => name !== '*'), absWorkingDir: repoRoot },
    outputExtension,
    packagedFiles: (yml.package?.patterns ?? [])
      .filter((pattern) => !pattern.startsWith('!'))
      .map((pattern) => resolveVariables(pattern, yml)),
    functions: Object.fromEntries(
      Object.entries(yml.functions).map(([name, fn]) => [name, `${fn.handler.replace(/\.[^.]+$/, '')}.ts`]),
    ),
  };
};

export interface BuiltBundle {
  name: string;
  bundlePath: string;
  bundleBytes: number;
  mapBytes: number;
  zipBytes: number;
  /** Input bytes by npm package (or "pipegate"), largest first: what to shrink. */
  inputs: { from: string; bytes: number }[];
}

const packageOf = (path: string): string => {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return match?.[1] ?? 'pipegate';
};

const inputsByPackage = (metafile: Metafile, output: string): BuiltBundle['inputs'] => {
  const totals = new Map<string, number>();
  for (const [path, input] of Object.entries(metafile.outputs[output]?.inputs ?? {})) {
    totals.set(packageOf(path), (totals.get(packageOf(path)) ?? 0) + input.bytesInOutput);
  }
  return [...totals.entries()].map(([from, bytes]) => ({ from, bytes })).sort((a, b) => b.bytes - a.bytes);
};

/**
 * Bundles one entry with the given options and zips it the way serverless-esbuild does for osls (its own
 * `zip`, archiver): the bundle, its source map when there is one, and the packaged files.
 * @example await buildAndZip('ingest', 'functions/ingest.ts', options, outDir);
 */
export const buildAndZip = async (
  name: string,
  entry: string,
  options: ServerlessBuild,
  outDir: string,
  packagedFiles: string[] = options.packagedFiles,
): Promise<BuiltBundle> => {
  const dir = join(outDir, name);
  mkdirSync(dir, { recursive: true });
  const result = await build({
    ...options.esbuild,
    entryPoints: [join(repoRoot, entry)],
    outdir: dir,
    outExtension: { '.js': options.outputExtension },
    metafile: true,
    logLevel: 'silent',
  });
  const bundleName = `${basename(entry).replace(/\.ts$/, '')}${options.outputExtension}`;
  const bundlePath = join(dir, bundleName);
  const mapPath = `${bundlePath}.map`;
  const hasMap = Object.keys(result.metafile.outputs).some((output) => output.endsWith('.map'));
  const files = [
    { rootPath: bundlePath, localPath: bundleName },
    ...(hasMap ? [{ rootPath: mapPath, localPath: `${bundleName}.map` }] : []),
    ...packagedFiles.map((file) => ({ rootPath: join(repoRoot, file), localPath: file })),
  ];
  const zipPath = join(outDir, `${name}.zip`);
  await zip(zipPath, files);
  const output =
    Object.keys(result.metafile.outputs).find((path) => path.endsWith(options.outputExtension)) ?? '';
  return {
    name,
    bundlePath,
    bundleBytes: statSync(bundlePath).size,
    mapBytes: hasMap ? statSync(mapPath).size : 0,
    zipBytes: statSync(zipPath).size,
    inputs: inputsByPackage(result.metafile, output),
  };
};
