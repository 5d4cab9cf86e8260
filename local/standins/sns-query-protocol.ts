import type { StandInResponse } from './http';
import type { SnsAttribute } from './sns-types';

const NS = 'http://sns.amazonaws.com/doc/2010-03-31/';

/** An SNS error as awsQuery reports it: HTTP status, `<Code>` and `<Message>`. */
export class SnsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The `InvalidParameter` error SNS answers for a bad request field.
 *
 * @example
 * throw invalid('TopicArn');
 */
export const invalid = (what: string): SnsError =>
  new SnsError(400, 'InvalidParameter', `Invalid parameter: ${what}`);

const xml = (value: string): string => value.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Renders fields as escaped XML elements, leaving out undefined ones.
 *
 * @example
 * xmlFields({ TopicArn: arn, Owner: undefined }); // '<TopicArn>arn:…</TopicArn>'
 */
export const xmlFields = (fields: Record<string, string | undefined>): string =>
  Object.entries(fields)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `<${name}>${xml(value)}</${name}>`)
    .join('');

/** awsQuery flattens maps as `<Prefix>.entry.<n>.<key>` / `.<value>`; this folds them back. */
export function queryMap(
  params: URLSearchParams,
  prefix: string,
  key: string,
  value: string,
): Map<string, string> {
  const found = new Map<string, string>();
  for (let n = 1; params.has(`${prefix}.entry.${n}.${key}`); n += 1) {
    found.set(
      params.get(`${prefix}.entry.${n}.${key}`) ?? '',
      params.get(`${prefix}.entry.${n}.${value}`) ?? '',
    );
  }
  return found;
}

function isJsonArray(value: string | undefined): boolean {
  try {
    return Array.isArray(JSON.parse(value ?? ''));
  } catch {
    return false;
  }
}

/**
 * Reads Publish's `MessageAttributes.entry.<n>.*` fields, rejecting data types SNS rejects.
 *
 * @example
 * messageAttributes(params); // { env: { DataType: 'String', StringValue: 'prod' } }
 */
export function messageAttributes(params: URLSearchParams): Record<string, SnsAttribute> {
  const attributes: Record<string, SnsAttribute> = {};
  for (let n = 1; params.has(`MessageAttributes.entry.${n}.Name`); n += 1) {
    const name = params.get(`MessageAttributes.entry.${n}.Name`) ?? '';
    const type = params.get(`MessageAttributes.entry.${n}.Value.DataType`) ?? '';
    const value = params.get(`MessageAttributes.entry.${n}.Value.StringValue`) ?? undefined;
    const typeOk =
      /^(String|Number|Binary)(\..+)?$/.test(type) && (type !== 'String.Array' || isJsonArray(value));
    if (!typeOk)
      throw new SnsError(400, 'ParameterValueInvalid', `The message attribute '${name}' is invalid.`);
    attributes[name] = { DataType: type, StringValue: value };
  }
  return attributes;
}

const headersFor = (requestId: string) => ({ 'content-type': 'text/xml', 'x-amzn-requestid': requestId });

/**
 * Wraps an action's result XML in `<{Action}Response>` with its request id, as SNS answers.
 *
 * @example
 * queryResult('CreateTopic', xmlFields({ TopicArn: arn }), requestId);
 */
export function queryResult(action: string, result: string, requestId: string): StandInResponse {
  const metadata = `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>`;
  const body = `<${action}Result>${result}</${action}Result>${metadata}`;
  return {
    status: 200,
    headers: headersFor(requestId),
    body: `<${action}Response xmlns="${NS}">${body}</${action}Response>`,
  };
}

/**
 * Renders an SnsError as awsQuery's `<ErrorResponse>`, blaming the sender for 4xx and the receiver for 5xx.
 *
 * @example
 * queryError(invalid('TopicArn'), requestId); // status 400, <Code>InvalidParameter</Code>
 */
export function queryError(error: SnsError, requestId: string): StandInResponse {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  const fields = xmlFields({ Type: type, Code: error.code, Message: error.message });
  const body = `<ErrorResponse xmlns="${NS}"><Error>${fields}</Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  return { status: error.status, headers: headersFor(requestId), body };
}
