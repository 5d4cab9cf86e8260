import { filterPolicyMatches } from './sns-filter-policy';
import type { SnsAttribute, SnsDelivery, SnsPublish, SnsSubscription } from './sns-types';

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

/**
 * What one subscription receives from one publish, or nothing when its filter policy says no.
 *
 * @example
 * const delivery = deliver(emailSubscription, published); // { protocol: 'email', to: 'a@b.c', body: … }
 */
export function deliver(subscription: SnsSubscription, published: SnsPublish): SnsDelivery | undefined {
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
