import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { PipegateError } from '../errors';

export interface LinkRequest {
  method: 'GET' | 'HEAD' | 'POST';
  token: string;
  form: { decision?: string; comment?: string };
}

const tokenSchema = z.string().min(1).max(2_048);
const formSchema = z.object({
  t: tokenSchema,
  decision: z.enum(['approve', 'reject']).optional(),
  comment: z.string().max(2_000).optional(),
});

/** API Gateway base64-encodes form posts (their content type is not text); decode before parsing. */
const bodyText = (event: APIGatewayProxyEventV2): string =>
  event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';

/**
 * Reads an approval-link request: the token from `?t=` (GET/HEAD) or from the confirm form (POST).
 * @throws PipegateError INVALID_REQUEST when the token or form is missing or malformed
 */
export const parseLinkRequest = (event: APIGatewayProxyEventV2): LinkRequest => {
  const method = event.requestContext.http.method.toUpperCase();
  if (method === 'POST') {
    const parsed = formSchema.safeParse(Object.fromEntries(new URLSearchParams(bodyText(event))));
    if (!parsed.success) throw new PipegateError('INVALID_REQUEST', 'the confirm form is incomplete');
    const { t, decision, comment } = parsed.data;
    return { method, token: t, form: { decision, comment } };
  }
  if (method !== 'GET' && method !== 'HEAD')
    throw new PipegateError('INVALID_REQUEST', `method ${method} not allowed`);
  const token = tokenSchema.safeParse(event.queryStringParameters?.t);
  if (!token.success) throw new PipegateError('INVALID_REQUEST', 'the link has no token');
  return { method, token: token.data, form: {} };
};
