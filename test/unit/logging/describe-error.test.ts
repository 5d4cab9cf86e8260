import { PipegateError } from '../../../shared/errors';
import { describeError } from '../../../shared/logging/log';

describe('describeError', () => {
  it('keeps the stack trace of the error and of its cause', () => {
    // Prepare
    const cause = new Error('socket hang up');
    const error = new PipegateError('TRANSIENT', 'DynamoDB Query failed: Error', { cause });

    // Act
    const described = describeError(error);

    // Assess
    expect(described).toMatchObject({
      errorName: 'PipegateError',
      errorMessage: 'DynamoDB Query failed: Error',
      code: 'TRANSIENT',
      causeName: 'Error',
      causeMessage: 'socket hang up',
    });
    expect(described.errorStack).toContain('describe-error.test.ts');
    expect(described.causeStack).toContain('socket hang up');
  });

  it('leaves out the request and response an SDK error carries', () => {
    // Prepare
    const sdkError = Object.assign(new Error('AccessDenied'), {
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
      $response: { headers: { authorization: 'Bearer xoxb-secret' } },
      request: { body: 'token=xoxb-secret' },
    });

    // Act
    const described = describeError(sdkError);

    // Assess
    expect(described).toMatchObject({ errorName: 'AccessDeniedException', httpStatus: 403 });
    expect(JSON.stringify(described)).not.toContain('xoxb-secret');
  });
});
