import { randomUUID } from 'node:crypto';
import type { ServerOptions, StandInRequest, StandInResponse } from './http';
import { FaultQueue, jsonResponse, sigV4Scope, startHttpServer } from './http';

/** A message attribute exactly as Publish carries it. */
export interface SnsAttribute {
  DataType: string;
  StringValue?: string;
}

export interface SnsPublish {
  topicArn: string;
  message: string;
  subject?: string;
  attributes: Record<string, SnsAttribute>;
  messageId: string;
  at: string;
}

export interface SnsSubscription {
  subscriptionArn: string;
  topicArn: string;
  protocol: string;
  endpoint: string;
  attributes: Record<string, string>;
}

/** One delivery to one subscription; for email, what the recipient's inbox would show. */
export interface SnsDelivery {
  protocol: string;
  to: string;
  subscriptionArn: string;
  topicArn: string;
  subject?: string;
  body: string;
  attributes: Record<string, SnsAttribute>;
  messageId: string;
  at: string;
}

export interface SnsFault {
  status: number;
  code: string;
  message?: string;
}

export interface SnsStandIn {
  url: string;
  close(): Promise<void>;
  publishes(): SnsPublish[];
  /** Email and email-json deliveries, optionally only those to one address. */
  emails(to?: string): SnsDelivery[];
  /** Every delivery, whatever the protocol. */
  deliveries(): SnsDelivery[];
  subscriptions(): SnsSubscription[];
  injectFault(action: string, fault: SnsFault, times?: number): void;
  reset(): void;
}

export interface SnsStandInOptions extends ServerOptions {
  /** Used when the request's SigV4 scope names no region. */
  region?: string;
}

const ACCOUNT = '123456789012';
const NS = 'http://sns.amazonaws.com/doc/2010-03-31/';
const MAX_MESSAGE_BYTES = 256 * 1024;
const PROTOCOLS = ['http', 'https', 'email', 'email-json', 'sms', 'sqs', 'application', 'lambda', 'firehose'];

class SnsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
const invalid = (what: string): SnsError =>
  new SnsError(400, 'InvalidParameter', `Invalid parameter: ${what}`);

const xml = (value: string): string => value.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
const tags = (fields: Record<string, string | undefined>): string =>
  Object.entries(fields)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `<${name}>${xml(value)}</${name}>`)
    .join('');

/** awsQuery flattens maps as `<Prefix>.entry.<n>.<key>` / `.<value>`; this folds them back. */
function entries(params: URLSearchParams, prefix: string, key: string, value: string): Map<string, string> {
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

type Condition = string | number | boolean | null | Record<string, unknown>;

function matchesCondition(condition: Condition, attribute: SnsAttribute | undefined): boolean {
  if (condition !== null && typeof condition === 'object' && 'exists' in condition) {
    return (attribute !== undefined) === condition.exists;
  }
  if (attribute === undefined) return false;
  // String.Array attributes match when any element matches.
  const values: unknown[] =
    attribute.DataType === 'String.Array'
      ? (JSON.parse(attribute.StringValue ?? '[]') as unknown[])
      : [attribute.StringValue];
  return values.some((value) => {
    if (condition === null || typeof condition !== 'object') {
      return typeof condition === 'number' ? Number(value) === condition : value === condition;
    }
    if ('prefix' in condition) return typeof value === 'string' && value.startsWith(String(condition.prefix));
    if ('anything-but' in condition) {
      const excluded = condition['anything-but'];
      if (excluded !== null && typeof excluded === 'object' && !Array.isArray(excluded)) {
        return !matchesCondition(excluded as Condition, { DataType: 'String', StringValue: String(value) });
      }
      return !(Array.isArray(excluded) ? excluded : [excluded]).some((e) => String(e) === String(value));
    }
    return false;
  });
}

/**
 * Whether a subscription's filter policy lets a message through: every key must match (AND), any value in a
 * key's list may match (OR). Supports exact values, `prefix`, `anything-but` and `exists`.
 */
export function filterPolicyMatches(
  policy: Record<string, unknown>,
  attributes: Record<string, SnsAttribute>,
): boolean {
  return Object.entries(policy).every(([key, conditions]) =>
    (Array.isArray(conditions) ? conditions : [conditions]).some((c) =>
      matchesCondition(c as Condition, attributes[key]),
    ),
  );
}

/** Message-body scope filters on the body's top-level JSON fields, which we present as attributes. */
function bodyAsAttributes(message: string): Record<string, SnsAttribute> {
  try {
    const parsed: unknown = JSON.parse(message);
    if (parsed === null || typeof parsed !== 'object') return {};
    return Object.fromEntries(
      Object.entries(parsed).map(([k, v]) =>
        Array.isArray(v)
          ? [k, { DataType: 'String.Array', StringValue: JSON.stringify(v) }]
          : [k, { DataType: typeof v === 'number' ? 'Number' : 'String', StringValue: String(v) }],
      ),
    );
  } catch {
    return {};
  }
}

function listMember(subscription: SnsSubscription): string {
  const {
    topicArn: TopicArn,
    protocol: Protocol,
    subscriptionArn: SubscriptionArn,
    endpoint: Endpoint,
  } = subscription;
  return `<member>${tags({ TopicArn, Protocol, SubscriptionArn, Owner: ACCOUNT, Endpoint })}</member>`;
}

const now = (): string => new Date().toISOString();

function publishedAttributes(params: URLSearchParams): Record<string, SnsAttribute> {
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

/** What one subscription receives from one publish, or nothing when its filter policy says no. */
function deliver(subscription: SnsSubscription, published: SnsPublish): SnsDelivery | undefined {
  const { FilterPolicy, FilterPolicyScope } = subscription.attributes;
  const policy = FilterPolicy ? (JSON.parse(FilterPolicy) as Record<string, unknown>) : {};
  const { message, subject, messageId, topicArn, at } = published;
  const filtered = FilterPolicyScope === 'MessageBody' ? bodyAsAttributes(message) : published.attributes;
  if (!filterPolicyMatches(policy, filtered)) return undefined;
  const { protocol, endpoint: to, subscriptionArn } = subscription;
  const envelope = { Type: 'Notification', MessageId: messageId, TopicArn: topicArn, Subject: subject };
  const body =
    protocol === 'email' ? message : JSON.stringify({ ...envelope, Message: message, Timestamp: at });
  // An email without a Subject arrives with SNS's default subject line.
  const shown = subject ?? (protocol === 'email' ? 'AWS Notification Message' : undefined);
  return {
    protocol,
    to,
    subscriptionArn,
    topicArn,
    subject: shown,
    body,
    attributes: published.attributes,
    messageId,
    at,
  };
}

/**
 * Starts an Amazon SNS stand-in speaking the awsQuery protocol the SDK v3 client uses (form-encoded
 * `Action=…&Version=2010-03-31`, XML responses and `<ErrorResponse>` errors).
 *
 * @example
 * const sns = await startSnsStandIn();
 * const client = new SNSClient({ endpoint: sns.url, region: 'eu-west-1', credentials });
 * await client.send(new CreateTopicCommand({ Name: 'pipegate' }));
 */
export async function startSnsStandIn(options: SnsStandInOptions = {}): Promise<SnsStandIn> {
  const topics = new Set<string>();
  let subscriptions: SnsSubscription[] = [];
  let publishes: SnsPublish[] = [];
  let deliveries: SnsDelivery[] = [];
  const faults = new FaultQueue<SnsFault>();

  const topicArn = (params: URLSearchParams): string => {
    const arn = params.get('TopicArn');
    if (!arn) throw invalid('TopicArn');
    if (!topics.has(arn)) throw new SnsError(404, 'NotFound', 'Topic does not exist');
    return arn;
  };

  const actions: Record<string, (params: URLSearchParams, region: string) => string> = {
    CreateTopic: (params, region) => {
      const name = params.get('Name') ?? '';
      if (!/^[A-Za-z0-9_-]{1,256}(\.fifo)?$/.test(name)) throw invalid('Topic Name');
      const arn = `arn:aws:sns:${region}:${ACCOUNT}:${name}`;
      topics.add(arn);
      return tags({ TopicArn: arn });
    },
    Subscribe: (params) => {
      const arn = topicArn(params);
      const protocol = params.get('Protocol') ?? '';
      const endpoint = params.get('Endpoint') ?? '';
      if (!PROTOCOLS.includes(protocol)) throw invalid('Invalid protocol type');
      if (protocol.startsWith('email') && !/^[^@\s]+@[^@\s]+$/.test(endpoint)) throw invalid('Email address');
      const attributes = Object.fromEntries(entries(params, 'Attributes', 'key', 'value'));
      if (attributes.FilterPolicy !== undefined) {
        try {
          const policy: unknown = JSON.parse(attributes.FilterPolicy);
          if (policy === null || typeof policy !== 'object' || Array.isArray(policy))
            throw new Error('not an object');
        } catch {
          throw invalid('FilterPolicy: failed to parse JSON');
        }
      }
      const existing = subscriptions.find(
        (s) => s.topicArn === arn && s.protocol === protocol && s.endpoint === endpoint,
      );
      if (existing && JSON.stringify(existing.attributes) !== JSON.stringify(attributes)) {
        throw invalid('Attributes Reason: Subscription already exists with different attributes');
      }
      // Confirmation is implied: there is no inbox to click the link in, and tests want deliveries at once.
      const subscriptionArn = `${arn}:${randomUUID()}`;
      const subscription = existing ?? { subscriptionArn, topicArn: arn, protocol, endpoint, attributes };
      if (!existing) subscriptions.push(subscription);
      return tags({ SubscriptionArn: subscription.subscriptionArn });
    },
    ListSubscriptionsByTopic: (params) => {
      const arn = topicArn(params);
      const members = subscriptions.filter((s) => s.topicArn === arn).map(listMember);
      return `<Subscriptions>${members.join('')}</Subscriptions>`;
    },
    Unsubscribe: (params) => {
      const arn = params.get('SubscriptionArn');
      if (!subscriptions.some((s) => s.subscriptionArn === arn))
        throw new SnsError(404, 'NotFound', 'Subscription does not exist');
      subscriptions = subscriptions.filter((s) => s.subscriptionArn !== arn);
      return '';
    },
    Publish: (params) => {
      const arn = topicArn(params);
      const message = params.get('Message') ?? '';
      const subject = params.get('Subject') ?? undefined;
      if (message === '') throw invalid('Empty message');
      // SNS: UTF-8, no line breaks or control characters, at most 100 characters (and not blank).
      if (subject !== undefined && !/^[^\s\p{Cc}][^\p{Cc}]{0,99}$/u.test(subject)) throw invalid('Subject');
      const attributes = publishedAttributes(params);
      const size = Buffer.byteLength(message) + Buffer.byteLength(JSON.stringify(attributes));
      if (size > MAX_MESSAGE_BYTES) throw invalid('Message too long');
      const published = { topicArn: arn, message, subject, attributes, messageId: randomUUID(), at: now() };
      publishes.push(published);
      for (const subscription of subscriptions.filter((s) => s.topicArn === arn)) {
        const delivery = deliver(subscription, published);
        if (delivery) deliveries.push(delivery);
      }
      return tags({ MessageId: published.messageId });
    },
  };

  const handle = (request: StandInRequest): StandInResponse => {
    if (request.method === 'GET')
      return jsonResponse(200, { topics: [...topics], subscriptions, publishes, deliveries });
    const params = new URLSearchParams(request.body);
    const action = params.get('Action') ?? '';
    const requestId = randomUUID();
    const headers = { 'content-type': 'text/xml', 'x-amzn-requestid': requestId };
    const metadata = `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>`;
    try {
      const fault = faults.take(action);
      if (fault) throw new SnsError(fault.status, fault.code, fault.message ?? `Injected ${fault.code}`);
      const implementation = actions[action];
      if (!implementation) throw new SnsError(400, 'InvalidAction', `The action ${action} is not valid`);
      const result = implementation(
        params,
        sigV4Scope(request.headers).region ?? options.region ?? 'us-east-1',
      );
      const body = `<${action}Result>${result}</${action}Result>${metadata}`;
      return { status: 200, headers, body: `<${action}Response xmlns="${NS}">${body}</${action}Response>` };
    } catch (error) {
      if (!(error instanceof SnsError)) throw error;
      const type = error.status >= 500 ? 'Receiver' : 'Sender';
      const fields = tags({ Type: type, Code: error.code, Message: error.message });
      const body = `<ErrorResponse xmlns="${NS}"><Error>${fields}</Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
      return { status: error.status, headers, body };
    }
  };

  const server = await startHttpServer(handle, options);
  return {
    url: server.url,
    close: () => server.close(),
    publishes: () => structuredClone(publishes),
    emails: (to) =>
      structuredClone(
        deliveries.filter((d) => d.protocol.startsWith('email') && (to === undefined || d.to === to)),
      ),
    deliveries: () => structuredClone(deliveries),
    subscriptions: () => structuredClone(subscriptions),
    injectFault: (action, fault, times = 1) => faults.add(action, fault, times),
    reset: () => {
      topics.clear();
      subscriptions = [];
      publishes = [];
      deliveries = [];
      faults.clear();
    },
  };
}
