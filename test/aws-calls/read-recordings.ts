import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRecording, type RecordedCall } from '../../local/aws-calls/recorded-call';

/**
 * Every call recorded to `directory` by an earlier run (e.g. the integration suite within `npm test`);
 * none when that run did not happen, which the caller's own recordings must then cover.
 */
export const readRecordings = (directory: string): RecordedCall[] =>
  existsSync(directory)
    ? readdirSync(directory)
        .filter((file) => file.endsWith('.jsonl'))
        .flatMap((file) => parseRecording(readFileSync(join(directory, file), 'utf8'), file))
    : [];
