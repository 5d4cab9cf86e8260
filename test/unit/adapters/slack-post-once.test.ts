import { type SlackStandIn, startSlackStandIn } from '../../../local/standins/slack';
import { createSlackChat, createSlackWebClient } from '../../../shared/adapters/slack/slack-chat';

let slack: SlackStandIn;
beforeAll(async () => {
  slack = await startSlackStandIn();
});
afterAll(async () => {
  await slack.close();
});
beforeEach(() => slack.reset());

const chat = () =>
  createSlackChat(createSlackWebClient({ token: 'xoxb-test', apiUrl: `${slack.url}/api/` }), {
    sleep: async () => {},
  });

describe('chat.postMessage is never sent twice for one delivery', () => {
  it('finds a thread reply Slack posted although its answer was a 5xx, and posts nothing more', async () => {
    // Prepare
    const card = await chat().postMessage({ channel: 'C0DEPLOYS', text: 'card' });
    slack.injectFault('chat.postMessage', { appliedThen: 500 });

    // Act
    const posted = await chat().postMessage({
      channel: 'C0DEPLOYS',
      threadTs: card.ts,
      text: 'failed',
      deliveryKey: 'e1/slack:#deploys/k1',
    });

    // Assess
    const replies = slack.messages('C0DEPLOYS').filter((message) => message.thread_ts === card.ts);
    expect(replies).toHaveLength(1);
    expect(posted).toEqual({ channel: 'C0DEPLOYS', ts: replies[0]?.ts });
    expect(slack.calls('chat.postMessage')).toHaveLength(2);
  });

  it('finds a top-level post in the channel history after a timeout', async () => {
    // Prepare: longer than the client's 5 s timeout
    slack.injectFault('chat.postMessage', { appliedThen: 'hang', ms: 5_500 });

    // Act
    const posted = await chat().postMessage({
      channel: 'C0DEPLOYS',
      text: 'card',
      deliveryKey: 'e1/card:C0DEPLOYS',
    });

    // Assess
    expect(slack.messages('C0DEPLOYS')).toHaveLength(1);
    expect(posted.ts).toBe(slack.messages('C0DEPLOYS')[0]?.ts);
    expect(slack.calls('conversations.history')).toHaveLength(1);
  });

  it('fails, without a second post, when the post is not there: the caller decides about retrying', async () => {
    // Prepare: a 5xx that did not post
    slack.injectFault('chat.postMessage', { status: 500 });

    // Act
    const post = chat().postMessage({ channel: 'C0DEPLOYS', text: 'card', deliveryKey: 'e1/card:C0DEPLOYS' });

    // Assess
    await expect(post).rejects.toMatchObject({ code: 'TRANSIENT' });
    expect(slack.calls('chat.postMessage')).toHaveLength(1);
    expect(slack.messages('C0DEPLOYS')).toHaveLength(0);
  });

  it('still retries a call that is safe to repeat (chat.update) after a 5xx', async () => {
    // Prepare
    const card = await chat().postMessage({ channel: 'C0DEPLOYS', text: 'v1' });
    slack.injectFault('chat.update', { status: 500 }, 2);

    // Act
    await chat().updateMessage({ channel: 'C0DEPLOYS', ts: card.ts, text: 'v2' });

    // Assess
    expect(slack.messages('C0DEPLOYS')[0]?.text).toBe('v2');
    expect(slack.calls('chat.update')).toHaveLength(3);
  });
});
