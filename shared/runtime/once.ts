/**
 * Memoises an async factory for the life of a Lambda container (cold-start work done once); a failed
 * attempt is forgotten so the next invocation tries again instead of failing forever.
 * @example
 * const service = once(() => createService(clients, log));
 * const { ingest } = await service();
 */
export const once = <T>(factory: () => Promise<T>): (() => Promise<T>) => {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= factory().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
};
