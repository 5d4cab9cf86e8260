import { allAs, translateAwsError } from '../../../shared/adapters/aws-errors';
import { PipegateError } from '../../../shared/errors';

const CODES = { service: 'SNS', byName: allAs('PERMANENT_DELIVERY', ['NotFoundException']) };

const sdkError = (name: string): Error => Object.assign(new Error(`${name} happened`), { name });

describe('translateAwsError', () => {
  it('maps a named exception to its code, naming service, operation and exception', () => {
    // Prepare
    const cause = sdkError('NotFoundException');

    // Act
    const error = translateAwsError(cause, CODES, 'Publish', { topicArn: 'arn:t' });

    // Assess
    expect(error).toMatchObject({
      code: 'PERMANENT_DELIVERY',
      message: 'SNS Publish failed: NotFoundException',
      details: { operation: 'Publish', awsError: 'NotFoundException', topicArn: 'arn:t' },
      cause,
    });
  });

  it('treats an exception it does not name as worth retrying', () => {
    // Act
    const error = translateAwsError(sdkError('ThrottlingException'), CODES, 'Publish');

    // Assess
    expect(error.code).toBe('TRANSIENT');
  });

  it('names the SDK exception a Powertools error wraps', () => {
    // Prepare
    const wrapped = new Error('could not get parameter', { cause: sdkError('NotFoundException') });

    // Act
    const error = translateAwsError(wrapped, CODES, 'GetParameter');

    // Assess
    expect(error).toMatchObject({ code: 'PERMANENT_DELIVERY', cause: wrapped });
  });

  it('passes our own errors through unchanged', () => {
    // Prepare
    const own = new PipegateError('NOT_FOUND', 'no such approval');

    // Act
    const error = translateAwsError(own, CODES, 'Publish');

    // Assess
    expect(error).toBe(own);
  });
});
