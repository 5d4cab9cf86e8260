import type { MessageAttributeValue, PublishCommandInput } from '@aws-sdk/client-sns';
import {
  AuthorizationErrorException,
  CreateTopicCommand,
  InvalidParameterException,
  ListSubscriptionsByTopicCommand,
  NotFoundException,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import type { SnsStandIn } from '../../../local/standins/sns';
import { startSnsStandIn } from '../../../local/standins/sns';

describe('SNS stand-in', () => {
  let sns: SnsStandIn;
  let client: SNSClient;
  let topicArn: string;

  const subscribe = async (
    email: string,
    filterPolicy?: object,
    scope = 'MessageAttributes',
  ): Promise<string> => {
    const Attributes: Record<string, string> = filterPolicy
      ? { FilterPolicy: JSON.stringify(filterPolicy), FilterPolicyScope: scope }
      : {};
    const result = await client.send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'email', Endpoint: email, Attributes }),
    );
    return result.SubscriptionArn ?? '';
  };
  const publish = (
    attributes: Record<string, MessageAttributeValue> = {},
    extra: Partial<PublishCommandInput> = {},
  ) =>
    client.send(
      new PublishCommand({
        TopicArn: topicArn,
        Message: 'Approve deploy?',
        MessageAttributes: attributes,
        ...extra,
      }),
    );
  const text = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });

  beforeAll(async () => {
    sns = await startSnsStandIn();
    client = new SNSClient({
      endpoint: sns.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
  });
  beforeEach(async () => {
    sns.reset();
    topicArn = (await client.send(new CreateTopicCommand({ Name: 'pipegate' }))).TopicArn ?? '';
  });
  afterAll(async () => {
    client.destroy();
    await sns.close();
  });

  describe('CreateTopic', () => {
    it('returns an ARN in the caller region', () => {
      // Assess
      expect(topicArn).toBe('arn:aws:sns:eu-west-1:123456789012:pipegate');
    });

    it('is idempotent by name', async () => {
      // Act
      const again = await client.send(new CreateTopicCommand({ Name: 'pipegate' }));

      // Assess
      expect(again.TopicArn).toBe(topicArn);
    });

    it('rejects an invalid topic name with InvalidParameterException', async () => {
      // Act
      const call = client.send(new CreateTopicCommand({ Name: 'no spaces allowed' }));

      // Assess
      await expect(call).rejects.toBeInstanceOf(InvalidParameterException);
    });
  });

  describe('Subscribe and ListSubscriptionsByTopic', () => {
    it('lists a new email subscription with its ARN', async () => {
      // Prepare
      const subscriptionArn = await subscribe('jane@example.com', { recipient: ['jane@example.com'] });

      // Act
      const listed = await client.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));

      // Assess
      expect(listed.Subscriptions).toEqual([
        expect.objectContaining({
          SubscriptionArn: subscriptionArn,
          Protocol: 'email',
          Endpoint: 'jane@example.com',
        }),
      ]);
      expect(sns.subscriptions()[0]?.attributes).toMatchObject({ FilterPolicyScope: 'MessageAttributes' });
    });

    it('rejects a filter policy that is not JSON with InvalidParameterException', async () => {
      // Act
      const call = client.send(
        new SubscribeCommand({
          TopicArn: topicArn,
          Protocol: 'email',
          Endpoint: 'a@example.com',
          Attributes: { FilterPolicy: '{' },
        }),
      );

      // Assess
      await expect(call).rejects.toBeInstanceOf(InvalidParameterException);
    });

    it('reports an unknown topic as NotFoundException', async () => {
      // Act
      const call = client.send(
        new SubscribeCommand({ TopicArn: `${topicArn}-gone`, Protocol: 'email', Endpoint: 'a@example.com' }),
      );

      // Assess
      await expect(call).rejects.toBeInstanceOf(NotFoundException);
    });
  });

  describe('Publish', () => {
    it('returns a MessageId and records the publish even without subscribers', async () => {
      // Act
      const result = await publish({ recipient: text('jane@example.com') }, { Subject: 'Approval needed' });

      // Assess
      expect(sns.publishes()).toEqual([
        expect.objectContaining({
          messageId: result.MessageId,
          subject: 'Approval needed',
          attributes: { recipient: { DataType: 'String', StringValue: 'jane@example.com' } },
        }),
      ]);
      expect(sns.emails()).toEqual([]);
    });

    it('delivers an email with the message as body', async () => {
      // Prepare
      await subscribe('jane@example.com');

      // Act
      await publish({}, { Subject: 'Approval needed' });

      // Assess
      expect(sns.emails('jane@example.com')).toEqual([
        expect.objectContaining({
          to: 'jane@example.com',
          subject: 'Approval needed',
          body: 'Approve deploy?',
        }),
      ]);
    });

    it("uses SNS's default subject when none is given", async () => {
      // Prepare
      await subscribe('jane@example.com');

      // Act
      await publish();

      // Assess
      expect(sns.emails()[0]?.subject).toBe('AWS Notification Message');
    });

    it.each([
      ['a newline', 'Approval\nneeded'],
      ['more than 100 characters', 'x'.repeat(101)],
      ['a control character', 'Approval\u0007needed'],
    ])('rejects a subject with %s as InvalidParameterException', async (_case, subject) => {
      // Act
      const call = publish({}, { Subject: subject });

      // Assess
      await expect(call).rejects.toBeInstanceOf(InvalidParameterException);
    });

    it('accepts a UTF-8 subject', async () => {
      // Act
      const result = await publish({}, { Subject: 'Freigabe für Jörg ✅' });

      // Assess
      expect(result.MessageId).toEqual(expect.any(String));
    });

    it('rejects a message over 256 KiB as InvalidParameterException', async () => {
      // Act
      const call = publish({}, { Message: 'x'.repeat(256 * 1024 + 1) });

      // Assess
      await expect(call).rejects.toBeInstanceOf(InvalidParameterException);
    });

    it('reports an unknown topic as NotFoundException', async () => {
      // Act
      const call = client.send(new PublishCommand({ TopicArn: `${topicArn}-gone`, Message: 'x' }));

      // Assess
      await expect(call).rejects.toBeInstanceOf(NotFoundException);
    });

    it('surfaces an injected fault as the typed exception', async () => {
      // Prepare
      sns.injectFault('Publish', { status: 403, code: 'AuthorizationError' });

      // Act
      const call = publish();

      // Assess
      await expect(call).rejects.toBeInstanceOf(AuthorizationErrorException);
    });
  });

  describe('filter policies', () => {
    it('delivers only to the subscriber whose recipient attribute matches', async () => {
      // Prepare
      await subscribe('jane@example.com', { recipient: ['jane@example.com'] });
      await subscribe('john@example.com', { recipient: ['john@example.com'] });

      // Act
      await publish({ recipient: text('jane@example.com') });

      // Assess
      expect(sns.emails().map((email) => email.to)).toEqual(['jane@example.com']);
    });

    it.each<[string, object, Record<string, MessageAttributeValue>, boolean]>([
      [
        'anything-but excludes a listed value',
        { kind: [{ 'anything-but': ['digest'] }] },
        { kind: text('digest') },
        false,
      ],
      [
        'anything-but passes another value',
        { kind: [{ 'anything-but': ['digest'] }] },
        { kind: text('approval') },
        true,
      ],
      ['prefix matches the start', { pipeline: [{ prefix: 'prod-' }] }, { pipeline: text('prod-api') }, true],
      [
        'prefix rejects another start',
        { pipeline: [{ prefix: 'prod-' }] },
        { pipeline: text('dev-api') },
        false,
      ],
      ['exists:true needs the attribute', { recipient: [{ exists: true }] }, {}, false],
      ['exists:false passes when absent', { recipient: [{ exists: false }] }, {}, true],
      ['an absent attribute never equals a value', { recipient: ['jane@example.com'] }, {}, false],
      [
        'all keys must match',
        { recipient: ['jane@example.com'], kind: ['approval'] },
        { recipient: text('jane@example.com'), kind: text('digest') },
        false,
      ],
      [
        'a String.Array matches on any element',
        { team: ['release'] },
        { team: { DataType: 'String.Array', StringValue: '["ops","release"]' } },
        true,
      ],
    ])('%s', async (_case, policy, attributes, delivered) => {
      // Prepare
      await subscribe('jane@example.com', policy);

      // Act
      await publish(attributes);

      // Assess
      expect(sns.emails()).toHaveLength(delivered ? 1 : 0);
    });

    it('filters on the message body when the scope is MessageBody', async () => {
      // Prepare
      await subscribe('jane@example.com', { recipient: ['jane@example.com'] }, 'MessageBody');

      // Act
      await publish({}, { Message: JSON.stringify({ recipient: 'jane@example.com' }) });
      await publish({}, { Message: JSON.stringify({ recipient: 'john@example.com' }) });

      // Assess
      expect(sns.emails()).toHaveLength(1);
    });
  });
});
