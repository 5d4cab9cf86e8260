import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { round, writeResult } from './support/bench-env';
import { type BuiltBundle, buildAndZip, serverlessBuild } from './support/bundle-build';
import { importMs, median } from './support/import-timing';

// Every function bundled and zipped as `osls package` would (options read from serverless.yml), against a
// baseline handler doing one PutItem bundled with the same options in the same run. Targets (issue #9):
// zip ≤ 1.5× the baseline's, import ≤ 1.3× the baseline's. Import times are medians of fresh processes,
// every bundle once per round, rounds interleaved, so the machine's drift hits all of them alike.
// Two builds of each: as configured, and with linked source maps imported under --enable-source-maps — the
// numbers behind serverless.yml's choice (see the comment at custom.esbuild.sourcemap).
const ROUNDS = Number(process.env.BUNDLE_BENCH_ROUNDS ?? 15);
const TARGET = { zipRatio: 1.5, importRatio: 1.3 };
const BASELINE = 'baseline-put-item';
// Floors: what the mandated stack costs before any pipegate code (see bench/support/floor-*.ts). Built and
// timed like the functions, reported apart: they show how much of each ratio a pipegate change could remove.
const FLOORS: [string, string][] = [
  ['floor-mandated-clients', 'bench/support/floor-mandated-clients.ts'],
  ['floor-mandated-with-zod', 'bench/support/floor-mandated-with-zod.ts'],
];
const isReference = (name: string): boolean => name === BASELINE || FLOORS.some(([floor]) => floor === name);

type Mode = 'plain' | 'sourceMaps';
const MODES: Mode[] = ['plain', 'sourceMaps'];

const main = async (): Promise<void> => {
  const options = serverlessBuild();
  const outDir = mkdtempSync(join(tmpdir(), 'pipegate-bundles-'));
  const withMaps = {
    ...options,
    esbuild: { ...options.esbuild, sourcemap: 'linked' as const, sourcesContent: false },
  };
  try {
    const entries: [string, string][] = [
      [BASELINE, 'bench/support/baseline-put-item.ts'],
      ...FLOORS,
      ...Object.entries(options.functions),
    ];
    const built: BuiltBundle[] = [];
    const mapped = new Map<string, BuiltBundle>();
    for (const [name, entry] of entries) {
      // The baseline and floors carry no config file: the config file is part of what we ship.
      const files = isReference(name) ? [] : options.packagedFiles;
      built.push(await buildAndZip(name, entry, options, outDir, files));
      mapped.set(name, await buildAndZip(`${name}-maps`, entry, withMaps, outDir, files));
    }

    const times = new Map<string, Record<Mode, number[]>>(
      built.map((b) => [b.name, { plain: [], sourceMaps: [] }]),
    );
    const ratios = new Map<string, Record<Mode, number[]>>(
      built.map((b) => [b.name, { plain: [], sourceMaps: [] }]),
    );
    for (let i = 0; i < ROUNDS; i += 1) {
      for (const mode of MODES) {
        const round_ = new Map(
          built.map((b) => [
            b.name,
            mode === 'sourceMaps'
              ? importMs(mapped.get(b.name)?.bundlePath ?? '', true)
              : importMs(b.bundlePath, false),
          ]),
        );
        const base = round_.get(BASELINE) ?? Number.NaN;
        for (const [name, ms] of round_) {
          times.get(name)?.[mode].push(ms);
          ratios.get(name)?.[mode].push(ms / base);
        }
      }
    }

    const baseline = built.find((b) => b.name === BASELINE);
    if (!baseline) throw new Error('baseline not built');
    const summary = (b: BuiltBundle) => {
      const t = times.get(b.name) as Record<Mode, number[]>;
      const r = ratios.get(b.name) as Record<Mode, number[]>;
      return {
        name: b.name,
        bundleBytes: b.bundleBytes,
        mapBytes: b.mapBytes,
        zipBytes: b.zipBytes,
        zipRatio: round(b.zipBytes / baseline.zipBytes),
        zipBytesWithLinkedMap: mapped.get(b.name)?.zipBytes,
        zipRatioWithLinkedMap: round(
          (mapped.get(b.name)?.zipBytes ?? 0) / (mapped.get(BASELINE)?.zipBytes ?? 1),
        ),
        // plain: the bundle as configured; sourceMaps: the linked-map build under --enable-source-maps.
        importMs: { plain: round(median(t.plain), 1), sourceMaps: round(median(t.sourceMaps), 1) },
        // Median of the per-round ratios: each pair ran back to back.
        importRatio: { plain: round(median(r.plain)), sourceMaps: round(median(r.sourceMaps)) },
        sourceMapCost: round(median(t.sourceMaps) / median(t.plain)),
        largestInputs: b.inputs.slice(0, 8).map((input) => ({ ...input, kb: round(input.bytes / 1024, 1) })),
      };
    };
    const rows = built.map(summary);
    const functions = rows.filter((row) => !isReference(row.name));
    const floors = rows.filter((row) => FLOORS.some(([floor]) => floor === row.name));
    const meets = (mode: Mode) =>
      functions.every(
        (row) => row.zipRatio <= TARGET.zipRatio && row.importRatio[mode] <= TARGET.importRatio,
      );
    writeResult('bundles', {
      rounds: ROUNDS,
      // A shared machine: absolute times drift with its load, ratios (paired per round) much less.
      machine: { cpus: cpus().length, loadAverageAtEnd: loadavg().map((value) => round(value, 1)) },
      esbuild: options.esbuild,
      targets: TARGET,
      baseline: rows.find((row) => row.name === BASELINE),
      floors,
      functions,
      meetsTargets: { plain: meets('plain'), sourceMaps: meets('sourceMaps') },
    });
    for (const row of [...floors, ...functions]) {
      console.log(
        `${row.name.padEnd(20)} zip ${row.zipRatio}× (${round(row.zipBytes / 1024)} KB)  import ${row.importRatio.plain}× plain, ${row.importRatio.sourceMaps}× with source maps`,
      );
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
