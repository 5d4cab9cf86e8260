import { localNames } from '../../../local/local-identities';
import { plainMrkdwn, toSlackMessageView } from '../../../local/web/slack-view';

describe('the local page’s view of Slack messages', () => {
  it('shows mrkdwn as a person reads it in Slack', () => {
    // Prepare
    const text =
      '✅ *prod-api* <https://github.com/a/b/commit/5b1d|5b1d9e3> at <!date^1795742368^{time}|01:19 UTC> <!subteam^S0RELEASE> `JobFailed` &lt;x&gt;';

    // Act
    const plain = plainMrkdwn(text, localNames);

    // Assess
    expect(plain).toBe('✅ prod-api 5b1d9e3 at 01:19 UTC @release-managers JobFailed <x>');
  });

  it('lists a message’s buttons with their action ids and values', () => {
    // Prepare
    const message = {
      channel: 'C1',
      ts: '1.0',
      updates: 0,
      history: [],
      text: 'fallback',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: '*Approve?*' } },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'pipegate.approve',
              value: '{"e":"x","a":"y"}',
              text: { type: 'plain_text', text: 'Approve' },
            },
          ],
        },
      ],
    };

    // Act
    const view = toSlackMessageView(message);

    // Assess
    expect(view.lines).toEqual(['Approve?']);
    expect(view.buttons).toEqual([
      { actionId: 'pipegate.approve', value: '{"e":"x","a":"y"}', text: 'Approve' },
    ]);
  });

  it('drops Slack quote markers the way the client shows a quote', () => {
    // Prepare
    const text = '*Instructions*\n>Check\n>&gt; x';

    // Act
    const plain = plainMrkdwn(text);

    // Assess
    expect(plain).toBe('Instructions\nCheck\n> x');
  });

  it('keeps the Block Kit layout: styled spans, links, mentions by name, context and styled buttons', () => {
    // Prepare
    const message = {
      channel: 'C1',
      ts: '1.0',
      updates: 2,
      history: [],
      text: 'fallback',
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '*prod-api* failed <https://x.test/run|#4f1c2a> <@U0JANE001>' },
        },
        {
          type: 'context',
          elements: [
            { type: 'mrkdwn', text: 'cc <!subteam^S0RELEASE>' },
            { type: 'plain_text', text: '*raw*' },
          ],
        },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'pipegate.approve',
              value: 'v',
              style: 'primary',
              text: { type: 'plain_text', text: 'Approve' },
            },
            {
              type: 'button',
              action_id: 'pipegate.reject',
              value: 'v',
              style: 'danger',
              text: { type: 'plain_text', text: 'Reject' },
            },
          ],
        },
      ],
    };

    // Act
    const view = toSlackMessageView(message, localNames);

    // Assess
    expect(view.blocks).toEqual([
      {
        type: 'section',
        spans: [
          { kind: 'bold', text: 'prod-api' },
          { kind: 'text', text: ' failed ' },
          { kind: 'link', text: '#4f1c2a', href: 'https://x.test/run' },
          { kind: 'text', text: ' ' },
          { kind: 'mention', text: '@Jane Doe' },
        ],
        fields: [],
      },
      {
        type: 'context',
        elements: [
          [
            { kind: 'text', text: 'cc ' },
            { kind: 'mention', text: '@release-managers' },
          ],
          [{ kind: 'text', text: '*raw*' }],
        ],
      },
      {
        type: 'actions',
        buttons: [
          { actionId: 'pipegate.approve', value: 'v', text: 'Approve', style: 'primary' },
          { actionId: 'pipegate.reject', value: 'v', text: 'Reject', style: 'danger' },
        ],
      },
    ]);
  });
});
