import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

/** An API Gateway HTTP API (payload 2.0) request as Lambda receives it, IAM-authorized. */
export const httpEvent = (
  method: string,
  path: string,
  query: Record<string, string> = {},
): APIGatewayProxyEventV2 => {
  const rawQueryString = new URLSearchParams(query).toString();
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString,
    headers: { host: 'abc123.execute-api.eu-west-1.amazonaws.com', 'user-agent': 'awscurl/0.36' },
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'awscurl/0.36' },
      requestId: 'req-1',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: '20/Jul/2026:12:00:00 +0000',
      timeEpoch: 1_784_548_800_000,
    },
    isBase64Encoded: false,
  };
};

/** Enough of a Lambda context for middy outside Lambda. */
export const lambdaContext = { awsRequestId: 'req-1', functionName: 'audit-api' } as Context;
