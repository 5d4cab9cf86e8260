import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { PipegateError } from '../../errors';
import type { MailMessage, MailPort } from '../../notify/mail-port';

/** SNS rejects these outright; retrying would only repeat the failure. */
const PERMANENT = new Set([
  'InvalidParameterException',
  'InvalidParameterValueException',
  'NotFoundException',
  'AuthorizationErrorException',
  'KMSDisabledException',
]);

/** {@link MailPort} on SNS Publish, with message attributes subscribers can filter on. */
export const createSnsMail = (client: SNSClient): MailPort => ({
  async publish(message: MailMessage) {
    try {
      const result = await client.send(
        new PublishCommand({
          TopicArn: message.topicArn,
          Subject: message.subject,
          Message: message.body,
          MessageAttributes: Object.fromEntries(
            Object.entries(message.attributes).map(([name, value]) => [
              name,
              { DataType: 'String', StringValue: value },
            ]),
          ),
        }),
      );
      return { messageId: result.MessageId ?? '' };
    } catch (error) {
      const name = error instanceof Error ? error.name : 'UnknownError';
      const code = PERMANENT.has(name) ? 'PERMANENT_DELIVERY' : 'TRANSIENT';
      throw new PipegateError(code, `SNS Publish failed: ${name}`, {
        cause: error,
        details: { topicArn: message.topicArn },
      });
    }
  },
});
