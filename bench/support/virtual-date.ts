/**
 * Makes `new Date()` and `Date.now()` read `now()` for the rest of this process, so code under benchmark
 * times itself on the same virtual clock as the stand-ins (dates built from a value are unchanged).
 * Returns what puts the real clock back.
 */
export const useVirtualDate = (now: () => number): (() => void) => {
  const RealDate = Date;
  globalThis.Date = new Proxy(RealDate, {
    construct: (target, args, newTarget) =>
      Reflect.construct(target, args.length > 0 ? args : [Math.floor(now())], newTarget),
    get: (target, key, receiver) =>
      key === 'now' ? () => Math.floor(now()) : Reflect.get(target, key, receiver),
  });
  return () => {
    globalThis.Date = RealDate;
  };
};
