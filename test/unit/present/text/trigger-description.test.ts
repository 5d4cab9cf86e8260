import { describeTrigger, principalName } from '../../../../shared/present/text/trigger-description';
import { atLevel } from '../../../support/pipeline-events';
import { eventOf } from '../summaries';

describe('principalName', () => {
  it.each([
    ['arn:aws:sts::123456789012:assumed-role/Ops/alex', 'alex (Ops)'],
    [
      'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_DeveloperAccess_3f9c2e1a7b5d4c60/jane@example.com',
      'jane@example.com (DeveloperAccess)',
    ],
    ['arn:aws:iam::123456789012:user/deploy/bob', 'bob'],
    ['arn:aws:iam::123456789012:root', 'root'],
    ['arn:aws:events:eu-west-1:123456789012:rule/prod-api-nightly', 'prod-api-nightly'],
    ['arn:aws:codeconnections:eu-west-1:123456789012:connection/6a0e3c1d', undefined],
    ['sam', 'sam'],
  ])('shortens %s', (detail, expected) => {
    // Prepare
    const input = detail;

    // Act
    const name = principalName(input);

    // Assess
    expect(name).toBe(expected);
  });
});

describe('describeTrigger', () => {
  it('names the person behind a manual start', () => {
    // Prepare
    const event = eventOf('prod-api-build-failed', (e) => e.level === 'pipeline' && e.state === 'STARTED');

    // Act
    const description = describeTrigger(atLevel(event, 'pipeline').trigger);

    // Assess
    expect(description).toMatchObject({
      how: 'Started manually',
      who: 'jane@example.com (DeveloperAccess)',
      manual: true,
    });
    expect(description.commit).toBeUndefined();
  });

  it('describes a push by its commit, author and branch', () => {
    // Prepare
    const event = eventOf('prod-api-success', (e) => e.level === 'pipeline' && e.state === 'STARTED');

    // Act
    const description = describeTrigger(atLevel(event, 'pipeline').trigger);

    // Assess
    expect(description).toMatchObject({
      how: 'Push to main',
      who: 'Jane Doe',
      branch: 'main',
      repository: 'acme/prod-api',
      manual: false,
      commit: {
        short: '9c4e1f7',
        title: 'Add /healthz endpoint to the API',
        url: 'https://github.com/acme/prod-api/commit/9c4e1f7a2b8d3e6f0a5c7b9d1e2f4a6c8b0d2e4f',
      },
    });
  });

  it('names a scheduled run by its EventBridge rule', () => {
    // Prepare
    const trigger = {
      type: 'CloudWatchEvent',
      detail: 'arn:aws:events:eu-west-1:123456789012:rule/prod-api-nightly',
    };

    // Act
    const description = describeTrigger(trigger);

    // Assess
    expect(description.how).toBe('EventBridge rule prod-api-nightly');
    expect(description.who).toBeUndefined();
  });
});
