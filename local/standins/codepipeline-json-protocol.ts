import type { IncomingHttpHeaders } from 'node:http';
import type { StandInResponse } from './http';
import { jsonResponse } from './http';

/** A CodePipeline operation's input, as the JSON 1.1 body carries it. */
export type OperationInput = Record<string, unknown>;

/** A CodePipeline service error: `name` is the exception type the SDK turns into an error class. */
export class ServiceError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/**
 * AWS JSON timestamps are epoch seconds; the SDK turns them into Dates.
 *
 * @example
 * seconds(new Date('2024-01-01T00:00:00Z')); // 1704067200
 */
export const seconds = (date: Date): number => date.getTime() / 1000;

/**
 * The operation named by `X-Amz-Target: CodePipeline_20150709.<Op>`.
 *
 * @example
 * operationName(request.headers); // 'GetPipelineState'
 */
export const operationName = (headers: IncomingHttpHeaders): string =>
  String(headers['x-amz-target'] ?? '').replace(/^CodePipeline_20150709\./, '');

/**
 * Parses a JSON 1.1 request body (empty means `{}`), answering malformed JSON as the service does.
 *
 * @example
 * parseOperationInput('{"name":"app"}'); // { name: 'app' }
 */
export function parseOperationInput(body: string): OperationInput {
  try {
    return JSON.parse(body || '{}') as OperationInput;
  } catch {
    throw new ServiceError('SerializationException', 'Request body is not valid JSON');
  }
}

/**
 * Renders a ServiceError as a JSON 1.1 error response.
 *
 * @example
 * serviceErrorResponse(new ServiceError('PipelineNotFoundException', 'No pipeline'), headers);
 */
export function serviceErrorResponse(error: ServiceError, headers: Record<string, string>): StandInResponse {
  // The SDK reads `__type` first and falls back to the header; real services send both.
  const body = { __type: error.name, message: error.message };
  return jsonResponse(error.status, body, { ...headers, 'x-amzn-errortype': error.name });
}
