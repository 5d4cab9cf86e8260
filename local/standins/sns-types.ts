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
