import type { IngestHandler } from '../../test/faults/support/deliver';

/**
 * `count` Lambda containers of the real ingest handler. Lambda runs concurrent SQS batches in separate
 * containers, each with its own SDK clients, secrets read at its own cold start, summary cache and keyed
 * queue (which serialises one execution's events only inside one container). Each container here is a fresh
 * evaluation of functions/ingest.ts, so two copies of an event can race at DynamoDB from two containers as
 * they do in production. The modules below it stay shared: they hold nothing per container but parse caches.
 */
export const ingestContainers = (count: number): IngestHandler[] => {
  const path = require.resolve('../../functions/ingest');
  return Array.from({ length: count }, () => {
    // Forget the previous evaluation so the next require runs the module's top level again.
    require.cache[path] = undefined;
    return (require(path) as { handler: IngestHandler }).handler;
  });
};
