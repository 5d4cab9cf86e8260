/** One email-like notification, published to a topic (SNS) with filterable attributes. */
export interface MailMessage {
  topicArn: string;
  subject: string;
  body: string;
  attributes: Record<string, string>;
}

/** Port: the mail fan-out (SNS). Adapters translate failures into PipegateError codes. */
export interface MailPort {
  publish(message: MailMessage): Promise<{ messageId: string }>;
}
