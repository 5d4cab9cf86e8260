import { createHash } from 'node:crypto';
import type { PipelineEvent } from '../events/pipeline-event';

/**
 * The identity of a state change, independent of the envelope id: a re-delivery with a new `id` but the
 * same content is the same change. Names are limited to [A-Za-z0-9.@_-], so `#` cannot collide.
 */
export const semanticKey = (event: PipelineEvent): string =>
  [
    event.level,
    event.level === 'pipeline' ? '' : event.stage,
    event.level === 'action' ? event.action : '',
    event.state,
    `a${event.attempt}`,
    (event.level === 'action' && event.actionExecutionId) || '',
  ].join('#');

/** A short digest of the semantic key, small enough to keep every seen key on the execution summary. */
export const semanticDigest = (event: PipelineEvent): string =>
  createHash('sha256').update(semanticKey(event)).digest('base64url').slice(0, 16);
