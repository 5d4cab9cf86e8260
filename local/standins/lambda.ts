import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { sleep } from '../../shared/runtime/sleep';
import type { ServerOptions, StandInRequest, StandInResponse } from './http';
import { FaultQueue, jsonResponse, startHttpServer } from './http';

/** A Lambda handler as the stand-in runs it, in-process. */
export type LocalFunction = (event: unknown, context: Context) => Promise<unknown>;

/** An injected Invoke error, e.g. `{ status: 429, name: 'TooManyRequestsException' }`. */
export interface LambdaFault {
  status: number;
  name: string;
}

/** One run of a function: which attempt of which invocation, and how it ended. */
export interface LambdaRun {
  functionName: string;
  requestId: string;
  attempt: number;
  payload: unknown;
  outcome: 'ok' | 'error';
  result?: unknown;
  error?: string;
}

export interface LambdaStandInOptions extends ServerOptions {
  /** The functions by name; loaded lazily, on first invoke (handlers read their environment then). */
  functions: Record<string, () => Promise<LocalFunction>>;
  /** Waits before the two async retries; Lambda's are about 1 and 2 minutes, tests want them short. */
  retryDelaysMs?: readonly number[];
}

export interface LambdaStandIn {
  url: string;
  close(): Promise<void>;
  runs(functionName?: string): LambdaRun[];
  /** Async events that failed every attempt: what Lambda sends to the on-failure destination (DLQ). */
  failed(): { functionName: string; requestId: string; payload: unknown; error: string }[];
  /** Resolves once no async invocation is running or waiting for a retry. */
  idle(): Promise<void>;
  injectFault(fault: LambdaFault, times?: number): void;
  /** The next `times` async events are delivered twice, as Lambda's at-least-once queue may. */
  duplicateNext(times?: number): void;
  reset(): void;
}

const PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Lambda's REST-JSON errors: the type in `x-amzn-errortype`, the text in the body. */
const serviceError = (status: number, name: string, text: string): StandInResponse =>
  jsonResponse(
    status,
    { Type: status < 500 ? 'User' : 'Service', message: text },
    { 'x-amzn-errortype': name },
  );

/**
 * Starts an AWS Lambda stand-in speaking the Invoke API (`POST /2015-03-31/functions/{name}/invocations`)
 * that runs the named handlers in-process. `X-Amz-Invocation-Type: Event` answers 202 at once and runs the
 * function afterwards with Lambda's async semantics: up to two retries on error, then the on-failure
 * destination. `RequestResponse` runs it and returns its result. Reach it through AWS_ENDPOINT_URL_LAMBDA.
 *
 * @example
 * const lambda = await startLambdaStandIn({ functions: { decider: async () => handler } });
 * await new LambdaClient({ endpoint: lambda.url }).send(new InvokeCommand({ FunctionName: 'decider', InvocationType: 'Event', Payload }));
 * await lambda.idle();
 */
export async function startLambdaStandIn(options: LambdaStandInOptions): Promise<LambdaStandIn> {
  const retryDelays = options.retryDelaysMs ?? [20, 50];
  const faults = new FaultQueue<LambdaFault>();
  const duplicates = { remaining: 0 };
  let runs: LambdaRun[] = [];
  let failures: ReturnType<LambdaStandIn['failed']> = [];
  const inflight = new Set<Promise<void>>();
  const loaded = new Map<string, Promise<LocalFunction>>();

  const load = (name: string): Promise<LocalFunction> | undefined => {
    const factory = options.functions[name];
    if (!factory) return undefined;
    if (!loaded.has(name)) loaded.set(name, factory());
    return loaded.get(name);
  };

  const runOnce = async (name: string, requestId: string, attempt: number, payload: unknown) => {
    const context = { functionName: name, awsRequestId: requestId } as Context;
    try {
      const fn = await (load(name) as Promise<LocalFunction>);
      const result = await fn(payload, context);
      runs.push({ functionName: name, requestId, attempt, payload, outcome: 'ok', result });
      return { ok: true as const, result };
    } catch (error) {
      runs.push({ functionName: name, requestId, attempt, payload, outcome: 'error', error: message(error) });
      return { ok: false as const, error: message(error) };
    }
  };

  const runAsync = async (name: string, payload: unknown): Promise<void> => {
    const requestId = randomUUID();
    for (let attempt = 1; attempt <= retryDelays.length + 1; attempt += 1) {
      const outcome = await runOnce(name, requestId, attempt, payload);
      if (outcome.ok) return;
      const delay = retryDelays[attempt - 1];
      if (delay === undefined) {
        failures.push({ functionName: name, requestId, payload, error: outcome.error });
        return;
      }
      await sleep(delay);
    }
  };

  const track = (work: Promise<void>): void => {
    inflight.add(work);
    void work.finally(() => inflight.delete(work));
  };

  const handle = async (request: StandInRequest): Promise<StandInResponse> => {
    const match = request.method === 'POST' ? PATH.exec(request.path) : null;
    if (!match) return serviceError(404, 'UnknownOperationException', `no route for ${request.path}`);
    // A name, a partial ARN or a full ARN: the function name is the part after "function:".
    const given = decodeURIComponent(match[1] ?? '');
    const name = given.includes(':function:')
      ? (given.split(':function:')[1]?.split(':')[0] ?? given)
      : given;
    const fault = faults.take('Invoke');
    if (fault) return serviceError(fault.status, fault.name, `Injected ${fault.name}`);
    if (!options.functions[name]) {
      return serviceError(404, 'ResourceNotFoundException', `Function not found: ${given}`);
    }
    let payload: unknown;
    try {
      payload = request.body ? JSON.parse(request.body) : {};
    } catch {
      return serviceError(400, 'InvalidRequestContentException', 'Could not parse request body into json');
    }
    const type = String(request.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    if (type === 'Event') {
      track(runAsync(name, payload));
      if (duplicates.remaining > 0) {
        duplicates.remaining -= 1;
        track(runAsync(name, payload));
      }
      return { status: 202, headers: { 'x-amzn-requestid': randomUUID() }, body: '' };
    }
    const outcome = await runOnce(name, randomUUID(), 1, payload);
    return outcome.ok
      ? jsonResponse(200, outcome.result ?? null, { 'x-amz-executed-version': '$LATEST' })
      : jsonResponse(
          200,
          { errorMessage: outcome.error, errorType: 'Error' },
          { 'x-amz-function-error': 'Unhandled', 'x-amz-executed-version': '$LATEST' },
        );
  };

  const server = await startHttpServer(handle, options);
  const idle = async (): Promise<void> => {
    while (inflight.size > 0) await Promise.allSettled([...inflight]);
  };
  return {
    url: server.url,
    close: async () => {
      await idle();
      await server.close();
    },
    runs: (functionName) =>
      runs.filter((run) => functionName === undefined || run.functionName === functionName),
    failed: () => [...failures],
    idle,
    injectFault: (fault, times = 1) => faults.add('Invoke', fault, times),
    duplicateNext: (times = 1) => {
      duplicates.remaining += times;
    },
    reset: () => {
      runs = [];
      failures = [];
      faults.clear();
      duplicates.remaining = 0;
    },
  };
}
