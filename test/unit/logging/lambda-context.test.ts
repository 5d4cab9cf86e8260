import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { createLog } from '../../../shared/logging/log';

describe('createLog in a handler with injectLambdaContext', () => {
  it('stamps each line with the invocation’s request id and function name', async () => {
    // Prepare
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const log = createLog('test');
    const handler = middy(async () => log.info('hello')).use(injectLambdaContext(log.logger));

    // Act
    await handler({}, { functionName: 'pipegate-ingest', awsRequestId: 'req-1' } as Context);
    write.mockRestore();

    // Assess
    const hello = lines.map((line) => JSON.parse(line)).find((entry) => entry.message === 'hello');
    expect(hello).toMatchObject({ function_name: 'pipegate-ingest', function_request_id: 'req-1' });
  });
});
