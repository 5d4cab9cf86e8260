import * as z from 'zod';

/**
 * A zod check for a closed string union, from a record naming every member once. `satisfies Record<T, true>`
 * at the call site makes the compiler reject a member missing from (or extra in) the list, so a value added
 * to the union in the domain cannot be refused here at run time without a compile error first.
 * @example const stateSchema = oneOf({ STARTED: true, SUCCEEDED: true } satisfies Record<State, true>);
 */
export const oneOf = <T extends string>(members: Record<T, true>) =>
  z.custom<T>((value) => typeof value === 'string' && Object.hasOwn(members, value), {
    message: `expected one of ${Object.keys(members).join(', ')}`,
  });
