import type { IncomingMessage } from 'node:http';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { requestUrl } from './request-guard';
import { toApiGatewayEvent } from './to-api-gateway-event';

export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2>;

export interface LocalRoute {
  method: string;
  /** Path pattern with `{name}` parameters, as in serverless.yml. */
  path: string;
  handler: () => Promise<HttpHandler>;
}

const matchPath = (pattern: string, path: string): Record<string, string> | undefined => {
  const names: string[] = [];
  const regex = new RegExp(
    `^${pattern.replace(/\{([^}]+)\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    })}$`,
  );
  const match = regex.exec(path);
  if (!match) return undefined;
  // The guard already refused paths whose escapes do not decode; a parameter on its own decodes too.
  return Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? '')]));
};

const context = { functionName: 'local', awsRequestId: 'local' } as Context;

/**
 * Routes a local request to the Lambda handler serverless.yml maps it to, the way API Gateway would.
 * Returns undefined when no route matches.
 */
export interface LocalResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const dispatchToLambda = async (
  routes: readonly LocalRoute[],
  request: IncomingMessage,
  body: Buffer,
): Promise<LocalResponse | undefined> => {
  const url = requestUrl(request);
  if (!url) return undefined;
  for (const route of routes) {
    const method = request.method ?? 'GET';
    if (route.method !== method && !(route.method === 'GET' && method === 'HEAD')) continue;
    const pathParameters = matchPath(route.path, url.pathname);
    if (!pathParameters) continue;
    const event = toApiGatewayEvent(request, body, {
      routeKey: `${route.method} ${route.path}`,
      pathParameters: Object.keys(pathParameters).length > 0 ? pathParameters : undefined,
    });
    const handler = await route.handler();
    const result = await handler(event, context);
    const structured: APIGatewayProxyStructuredResultV2 =
      typeof result === 'string'
        ? { statusCode: 200, body: result }
        : (result as APIGatewayProxyStructuredResultV2);
    const text = structured.body ?? '';
    const headers = Object.fromEntries(
      Object.entries(structured.headers ?? {}).map(([k, v]) => [k, String(v)]),
    );
    return {
      status: structured.statusCode ?? 200,
      headers,
      body:
        method === 'HEAD'
          ? ''
          : structured.isBase64Encoded
            ? Buffer.from(text, 'base64').toString('utf8')
            : text,
    };
  }
  return undefined;
};
