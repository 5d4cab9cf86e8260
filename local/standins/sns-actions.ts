import { randomUUID } from 'node:crypto';
import { LOCAL_ACCOUNT_ID as ACCOUNT } from './aws-account';
import { deliver } from './sns-delivery';
import { invalid, messageAttributes, queryMap, SnsError, xmlFields as tags } from './sns-query-protocol';
import type { SnsDelivery, SnsPublish, SnsSubscription } from './sns-types';

const MAX_MESSAGE_BYTES = 256 * 1024;
const PROTOCOLS = ['http', 'https', 'email', 'email-json', 'sms', 'sqs', 'application', 'lambda', 'firehose'];

/** What the SNS stand-in remembers; the arrays are replaced (not emptied) by Unsubscribe and reset. */
export interface SnsState {
  topics: Set<string>;
  subscriptions: SnsSubscription[];
  publishes: SnsPublish[];
  deliveries: SnsDelivery[];
}

/** One awsQuery action: the request's form fields and the caller's region in, the `<Result>` XML out. */
export type SnsAction = (params: URLSearchParams, region: string) => string;

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

/**
 * The SNS actions the stand-in implements, working on `state`: CreateTopic, Subscribe,
 * ListSubscriptionsByTopic, Unsubscribe and Publish (which fans out to subscriptions at once).
 *
 * @example
 * const actions = snsActions(state);
 * actions.CreateTopic(new URLSearchParams({ Name: 'pipegate' }), 'eu-west-1'); // '<TopicArn>…</TopicArn>'
 */
export function snsActions(state: SnsState): Record<string, SnsAction> {
  const topicArn = (params: URLSearchParams): string => {
    const arn = params.get('TopicArn');
    if (!arn) throw invalid('TopicArn');
    if (!state.topics.has(arn)) throw new SnsError(404, 'NotFound', 'Topic does not exist');
    return arn;
  };

  return {
    CreateTopic: (params, region) => {
      const name = params.get('Name') ?? '';
      if (!/^[A-Za-z0-9_-]{1,256}(\.fifo)?$/.test(name)) throw invalid('Topic Name');
      const arn = `arn:aws:sns:${region}:${ACCOUNT}:${name}`;
      state.topics.add(arn);
      return tags({ TopicArn: arn });
    },
    Subscribe: (params) => {
      const arn = topicArn(params);
      const protocol = params.get('Protocol') ?? '';
      const endpoint = params.get('Endpoint') ?? '';
      if (!PROTOCOLS.includes(protocol)) throw invalid('Invalid protocol type');
      if (protocol.startsWith('email') && !/^[^@\s]+@[^@\s]+$/.test(endpoint)) throw invalid('Email address');
      const attributes = Object.fromEntries(queryMap(params, 'Attributes', 'key', 'value'));
      if (attributes.FilterPolicy !== undefined) {
        try {
          const policy: unknown = JSON.parse(attributes.FilterPolicy);
          if (policy === null || typeof policy !== 'object' || Array.isArray(policy))
            throw new Error('not an object');
        } catch {
          throw invalid('FilterPolicy: failed to parse JSON');
        }
      }
      const existing = state.subscriptions.find(
        (s) => s.topicArn === arn && s.protocol === protocol && s.endpoint === endpoint,
      );
      if (existing && JSON.stringify(existing.attributes) !== JSON.stringify(attributes)) {
        throw invalid('Attributes Reason: Subscription already exists with different attributes');
      }
      // Confirmation is implied: there is no inbox to click the link in, and tests want deliveries at once.
      const subscriptionArn = `${arn}:${randomUUID()}`;
      const subscription = existing ?? { subscriptionArn, topicArn: arn, protocol, endpoint, attributes };
      if (!existing) state.subscriptions.push(subscription);
      return tags({ SubscriptionArn: subscription.subscriptionArn });
    },
    ListSubscriptionsByTopic: (params) => {
      const arn = topicArn(params);
      const members = state.subscriptions.filter((s) => s.topicArn === arn).map(listMember);
      return `<Subscriptions>${members.join('')}</Subscriptions>`;
    },
    Unsubscribe: (params) => {
      const arn = params.get('SubscriptionArn');
      if (!state.subscriptions.some((s) => s.subscriptionArn === arn))
        throw new SnsError(404, 'NotFound', 'Subscription does not exist');
      state.subscriptions = state.subscriptions.filter((s) => s.subscriptionArn !== arn);
      return '';
    },
    Publish: (params) => {
      const arn = topicArn(params);
      const message = params.get('Message') ?? '';
      const subject = params.get('Subject') ?? undefined;
      if (message === '') throw invalid('Empty message');
      // SNS: UTF-8, no line breaks or control characters, at most 100 characters (and not blank).
      if (subject !== undefined && !/^[^\s\p{Cc}][^\p{Cc}]{0,99}$/u.test(subject)) throw invalid('Subject');
      const attributes = messageAttributes(params);
      const size = Buffer.byteLength(message) + Buffer.byteLength(JSON.stringify(attributes));
      if (size > MAX_MESSAGE_BYTES) throw invalid('Message too long');
      const published = { topicArn: arn, message, subject, attributes, messageId: randomUUID(), at: now() };
      state.publishes.push(published);
      for (const subscription of state.subscriptions.filter((s) => s.topicArn === arn)) {
        const delivery = deliver(subscription, published);
        if (delivery) state.deliveries.push(delivery);
      }
      return tags({ MessageId: published.messageId });
    },
  };
}
