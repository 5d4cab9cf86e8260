import { AsyncLocalStorage } from 'node:async_hooks';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { callTargets } from './call-targets';
import { callKey, type RecordedCall } from './recorded-call';

// Which function's code is running: set by the local Lambda runtime around each invocation.
const invocation = new AsyncLocalStorage<string>();
const seen = new Set<string>();
const calls: RecordedCall[] = [];
let outputFile: string | undefined;

/**
 * Runs one invocation "as" a serverless.yml function, so every AWS call it makes is attributed to that
 * function's role — the local counterpart of Lambda running the handler under its execution role.
 *
 * @example
 * await invokedAs('ingest', () => handler(batch, context));
 */
export const invokedAs = <T>(functionName: string, run: () => T): T => invocation.run(functionName, run);

/** Wraps a handler so each invocation runs as `functionName` (see {@link invokedAs}). */
export const asFunction =
  <A extends unknown[], R>(functionName: string, handler: (...args: A) => R) =>
  (...args: A): R =>
    invokedAs(functionName, () => handler(...args));

type Send = (this: ClientLike, command: CommandLike, ...rest: unknown[]) => unknown;
interface ClientLike {
  config: { serviceId?: string };
}
interface CommandLike {
  input?: Record<string, unknown>;
  constructor: { name: string };
}

const record = (client: ClientLike, command: CommandLike): void => {
  const fn = invocation.getStore();
  // Test set-up and stand-ins call AWS too; only calls made inside a function invocation count.
  if (!fn) return;
  const service = (client.config.serviceId ?? 'unknown').toLowerCase();
  const call: RecordedCall = {
    fn,
    service,
    action: command.constructor.name.replace(/Command$/, ''),
    targets: callTargets(service, command.input ?? {}, process.env),
  };
  const key = callKey(call);
  if (seen.has(key)) return;
  seen.add(key);
  calls.push(call);
  if (outputFile) appendFileSync(outputFile, `${key}\n`);
};

/**
 * Records every AWS SDK v3 call made inside {@link invokedAs}: one hook on the shared smithy `Client.send`
 * that all v3 clients inherit, installed by the test and local wiring only (product code is unaware).
 * With `directory`, calls are also appended to `<directory>/<pid>.jsonl` for a later IAM check.
 */
export const recordAwsCalls = (options: { directory?: string } = {}): void => {
  if (options.directory && !outputFile) {
    mkdirSync(options.directory, { recursive: true });
    outputFile = join(options.directory, `${process.pid}-${Date.now()}.jsonl`);
  }
  const prototype = Object.getPrototypeOf(DynamoDBClient.prototype) as {
    send: Send;
    __pipegateRecording?: true;
  };
  if (prototype.__pipegateRecording) return;
  const send = prototype.send;
  prototype.send = function recordedSend(this: ClientLike, command: CommandLike, ...rest: unknown[]) {
    record(this, command);
    return send.call(this, command, ...rest);
  };
  prototype.__pipegateRecording = true;
};

/** The distinct calls recorded in this process so far. */
export const recordedCalls = (): readonly RecordedCall[] => calls;
