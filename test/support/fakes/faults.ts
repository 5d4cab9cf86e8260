/**
 * Failures a test plans for a fake's next calls, by method name: the fake throws the planned error instead of
 * doing the call (before any state changes, as a failed request to DynamoDB, Slack or CodePipeline would).
 * @example
 * chat.faults.failNext('postMessage', new PipegateError('RATE_LIMITED', 'slow down'));
 */
export class Faults<Method extends string> {
  private readonly planned = new Map<Method, unknown[]>();

  /** The next `times` calls of `method` throw `error`. */
  failNext(method: Method, error: unknown, times = 1): void {
    const queue = this.planned.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(error);
    this.planned.set(method, queue);
  }

  /** Throws the planned error of `method`, if any (called first thing by every fake method). */
  check(method: Method): void {
    const queue = this.planned.get(method);
    if (!queue || queue.length === 0) return;
    throw queue.shift();
  }
}

/** A deep copy, so a fake never shares objects with its caller (a real store returns fresh objects too). */
export const copy = <T>(value: T): T => structuredClone(value);
