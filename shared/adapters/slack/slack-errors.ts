import { ErrorCode, type WebAPICallError } from '@slack/web-api';
import { PipegateError } from '../../errors';

/** Slack errors that no retry will fix: the channel, the token or the app's install is wrong. */
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'missing_scope',
  'no_permission',
  'restricted_action',
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'message_not_found',
  'cant_update_message',
  'user_not_found',
  'no_such_subteam',
  'expired_trigger_id',
  'invalid_trigger_id',
]);

const isSlackCallError = (error: unknown): error is WebAPICallError => {
  const code: unknown = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('slack_webapi_');
};

/**
 * Translates a @slack/web-api failure once into the pipegate error family; our own errors pass through.
 * `retryAfterSeconds` is kept on RATE_LIMITED so the caller can decide whether waiting fits its budget.
 */
export const translateSlackError = (error: unknown, method: string): PipegateError => {
  if (error instanceof PipegateError) return error;
  if (!isSlackCallError(error)) {
    return new PipegateError('TRANSIENT', `Slack ${method} failed`, { cause: error, details: { method } });
  }
  switch (error.code) {
    case ErrorCode.PlatformError: {
      const slackError = error.data.error;
      const code = PERMANENT.has(slackError) ? 'PERMANENT_DELIVERY' : 'TRANSIENT';
      return new PipegateError(code, `Slack ${method}: ${slackError}`, {
        cause: error,
        details: { method, slackError },
      });
    }
    case ErrorCode.RateLimitedError:
      return new PipegateError('RATE_LIMITED', `Slack ${method} rate limited`, {
        cause: error,
        details: { method, retryAfterSeconds: error.retryAfter },
      });
    default:
      return new PipegateError('TRANSIENT', `Slack ${method} failed: ${error.message}`, {
        cause: error,
        details: { method },
      });
  }
};
