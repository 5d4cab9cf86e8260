import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { renderExport } from '../../shared/reports/export';
import { type AuditQueryDeps, exportPages } from '../../shared/reports/queries';
import type { ReadMeter } from './audit-meter';
import { round } from './bench-env';

type Format = 'csv' | 'jsonl';

/** One export of the window, rendered to bytes in memory, as the CLI and the API stream it. */
const exportOnce = async (format: Format, since: string, deps: AuditQueryDeps, meter: ReadMeter) => {
  const before = meter.now();
  let entries = 0;
  const start = performance.now();
  const pages = async function* () {
    for await (const page of exportPages({ format, since }, deps)) {
      entries += page.length;
      yield page;
    }
  };
  const bytes = (await buffer(Readable.from(renderExport(pages(), format)))).length;
  const seconds = (performance.now() - start) / 1000;
  const read = meter.since(before);
  return { entries, bytes, seconds, itemsRead: read.scanned, pages: read.queries };
};

/**
 * Times the export of a window (shared/reports/export.ts over exportPages): the median of three runs, so one
 * GC pause does not make the number.
 */
export const benchExport = async (format: Format, since: string, deps: AuditQueryDeps, meter: ReadMeter) => {
  const runs = [];
  for (let i = 0; i < 3; i += 1) runs.push(await exportOnce(format, since, deps, meter));
  const median = runs.sort((a, b) => a.seconds - b.seconds)[1];
  if (!median) throw new Error('no export ran');
  return {
    window: since,
    entries: median.entries,
    bytes: median.bytes,
    seconds: round(median.seconds, 3),
    entriesPerSecond: round(median.entries / median.seconds),
    megabytesPerSecond: round(median.bytes / 1_048_576 / median.seconds),
    itemsRead: median.itemsRead,
    pages: median.pages,
  };
};
