import { PipegateError } from '../errors';
import type { Log } from '../logging/log';
import type { AuditTrail, UnauthenticatedRoute } from './audit-entry';

/**
 * The log fields of one unauthenticated request, including an embedded CloudWatch metric (EMF): the Lambda
 * log line becomes `pipegate/UnauthenticatedRequests` by route without a metrics API call.
 * @example
 * log.warn('unauthenticated request refused', unauthenticatedLogFields('approval-link', 'mismatch', now));
 */
export const unauthenticatedLogFields = (
  route: UnauthenticatedRoute,
  why: string,
  now: Date,
): Record<string, unknown> => ({
  route,
  why,
  UnauthenticatedRequests: 1,
  _aws: {
    Timestamp: now.getTime(),
    CloudWatchMetrics: [
      {
        Namespace: 'pipegate',
        Dimensions: [['route']],
        Metrics: [{ Name: 'UnauthenticatedRequests', Unit: 'Count' }],
      },
    ],
  },
});

/**
 * Refuses a request that failed authentication: counted (one item per route per minute), logged with a
 * metric, and returned as the BAD_SIGNATURE error (401) for the caller to throw. Nothing about it is
 * trusted enough to be an audit entry — it could have been sent by anyone, any number of times.
 */
export const refuseUnauthenticated = async (
  deps: { audit: AuditTrail; log: Log; now: () => Date },
  route: UnauthenticatedRoute,
  why: string,
  message: string,
): Promise<PipegateError> => {
  const now = deps.now();
  deps.log.warn('unauthenticated request refused', unauthenticatedLogFields(route, why, now));
  await deps.audit.countUnauthenticated({ route, why, at: now.toISOString() });
  return new PipegateError('BAD_SIGNATURE', message, { details: { why } });
};
