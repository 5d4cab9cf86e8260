import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { MailMessage, MailPort } from '../../delivery/mail-port';
import { allAs, translateAwsError } from '../aws-errors';

/** SNS rejects these outright; retrying would only repeat the failure. */
const SNS_ERRORS = {
  service: 'SNS',
  byName: allAs('PERMANENT_DELIVERY', [
    'InvalidParameterException',
    'InvalidParameterValueException',
    'NotFoundException',
    'AuthorizationErrorException',
    'KMSDisabledException',
  ]),
};

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
      throw translateAwsError(error, SNS_ERRORS, 'Publish', { topicArn: message.topicArn });
    }
  },
});
