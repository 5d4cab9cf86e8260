import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { isEmfLine, routeEmfLines } from '../../../local/emf-to-file';

const EMF = `${JSON.stringify({
  _aws: {
    Timestamp: 1_788_000_000_000,
    CloudWatchMetrics: [
      {
        Namespace: 'pipegate',
        Dimensions: [['service']],
        Metrics: [{ Name: 'StageDuration', Unit: 'Milliseconds' }],
      },
    ],
  },
  service: 'pipegate',
  StageDuration: 61_000,
})}\n`;

/** A stream standing in for process.stdout, with what reached it. */
const consoleLike = () => {
  const stream = new PassThrough();
  const seen: string[] = [];
  stream.on('data', (chunk: Buffer) => seen.push(chunk.toString('utf8')));
  return { stream: stream as unknown as NodeJS.WriteStream, seen };
};

describe('the local stack keeps EMF metric lines out of the console', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pipegate-emf-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes EMF lines to the file and lets everything else through', () => {
    // Prepare
    const { stream, seen } = consoleLike();
    const file = join(dir, 'metrics.log');
    const restore = routeEmfLines(stream, file);

    // Act
    stream.write(EMF);
    stream.write(Buffer.from(EMF));
    stream.write('  slack    #deploys: prod-api started\n');
    restore();
    stream.write(EMF);

    // Assess
    expect(readFileSync(file, 'utf8')).toBe(EMF + EMF);
    expect(seen).toEqual(['  slack    #deploys: prod-api started\n', EMF]);
  });

  it('calls a write callback for a routed line, as a stream would', () => {
    const { stream } = consoleLike();
    routeEmfLines(stream, join(dir, 'metrics.log'));
    const done = jest.fn();

    stream.write(EMF, done);

    expect(done).toHaveBeenCalledTimes(1);
  });

  it('tells EMF from a JSON log line', () => {
    expect(isEmfLine(EMF)).toBe(true);
    expect(isEmfLine('{"level":"WARN","message":"slow"}\n')).toBe(false);
  });
});
