import middy from '@middy/core';
import * as z from 'zod';
import { callMandatedClients } from './floor-mandated-clients';

// The mandated-clients floor plus zod, which STYLE.md mandates at every edge: one schema parsed per call,
// using the kinds of checks pipegate's schemas use. Still nothing of pipegate's own.
const Input = z.object({
  id: z.string().min(1).optional(),
  attempt: z.number().int().nonnegative(),
  state: z.enum(['STARTED', 'SUCCEEDED', 'FAILED']),
  tags: z.array(z.union([z.literal('any'), z.string().regex(/^[a-z]+$/)])),
});

/** Parses its input, then makes the mandated calls. */
export const handler = middy(async (event: unknown) => callMandatedClients(Input.parse(event)));
