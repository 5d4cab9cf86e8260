import * as z from 'zod';
import type { ChangeSummary, CommitList, SourceChange } from '../../../changes/change-summary';
import type { SourceProvider, SourceRevision } from '../../../changes/source-revision';
import { oneOf } from './one-of';

const providerSchema = oneOf({
  github: true,
  gitlab: true,
  bitbucket: true,
  codecommit: true,
} satisfies Record<SourceProvider, true>);

const revisionSchema: z.ZodType<SourceRevision> = z.looseObject({
  name: z.string(),
  revisionId: z.string(),
  summary: z.string().optional(),
  url: z.string().optional(),
  repo: z
    .looseObject({ provider: providerSchema, repository: z.string(), region: z.string().optional() })
    .optional(),
});

const commitListSchema: z.ZodType<CommitList> = z.union([
  z.looseObject({
    status: z.literal('listed'),
    commits: z.array(
      z.looseObject({
        sha: z.string(),
        title: z.string(),
        author: z.string().optional(),
        url: z.string().optional(),
      }),
    ),
    total: z.number(),
  }),
  z.looseObject({ status: z.literal('no-token') }),
  z.looseObject({ status: z.literal('not-supported') }),
  z.looseObject({ status: z.literal('unavailable') }),
]);

const sourceChangeSchema: z.ZodType<SourceChange> = z.looseObject({
  name: z.string(),
  current: revisionSchema,
  previous: revisionSchema.optional(),
  provider: providerSchema.optional(),
  repository: z.string().optional(),
  compareUrl: z.string().optional(),
  commits: commitListSchema.optional(),
});

/** An approval's change summary as stored in its record (see shared/changes/change-summary.ts). */
export const changeSummarySchema: z.ZodType<ChangeSummary> = z.looseObject({
  basis: oneOf({ 'last-success': true, 'first-execution': true, 'no-success': true } satisfies Record<
    ChangeSummary['basis'],
    true
  >),
  base: z.looseObject({ executionId: z.string(), startTime: z.string() }).optional(),
  sources: z.array(sourceChangeSchema),
  between: z.looseObject({
    count: z.number(),
    outcomes: z.array(z.looseObject({ outcome: z.string(), count: z.number() })),
  }),
  looked: z.number(),
  capped: z.boolean(),
});
