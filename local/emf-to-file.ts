import { appendFileSync, writeFileSync } from 'node:fs';

/** CloudWatch Embedded Metric Format: one JSON object per line, with its metric definitions under `_aws`. */
export const isEmfLine = (text: string): boolean => text.startsWith('{"_aws":');

/**
 * Sends the EMF lines the functions print (one per metric value, e.g. StageDuration) to `file` instead of the
 * console, so `npm start`'s console keeps to the banner, the Slack and email feed and real warnings. Only the
 * local stack does this: in Lambda the same lines go to CloudWatch Logs, which turns them into metrics.
 * Powertools writes each EMF object with one `write` call, so a chunk is a whole line.
 * @returns a function that puts the stream's own `write` back
 * @example const restore = routeEmfLines(process.stdout, '.local-data/metrics.log');
 */
export const routeEmfLines = (stream: NodeJS.WriteStream, file: string): (() => void) => {
  writeFileSync(file, '');
  const write = stream.write;
  const routed = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
    if (!isEmfLine(text)) return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    appendFileSync(file, text);
    // Node's contract: a callback, if given, is called once the chunk is handled.
    const callback = rest.find((arg): arg is () => void => typeof arg === 'function');
    callback?.();
    return true;
  };
  stream.write = routed as NodeJS.WriteStream['write'];
  return () => {
    stream.write = write;
  };
};
