import * as z from 'zod';
import type { ActionSummary, ExecutionSummary, StageSummary } from '../../../history/execution-summary';
import { executionStateSchema, failureInfoSchema, triggerInfoSchema } from './pipeline-event-schema';

const step = {
  state: executionStateSchema,
  attempt: z.number(),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
  updatedAt: z.string(),
  startRecorded: z.literal(true).optional(),
};

const stageShape = {
  ...step,
  name: z.string(),
  firstSeenAt: z.string(),
  implied: z.literal(true).optional(),
} satisfies { [K in keyof StageSummary]-?: z.ZodType };

const actionShape = {
  ...step,
  stage: z.string(),
  action: z.string(),
  actionExecutionId: z.string().optional(),
  category: z.string().optional(),
  provider: z.string().optional(),
  result: failureInfoSchema.optional(),
} satisfies { [K in keyof ActionSummary]-?: z.ZodType };

// `satisfies`: a field the summary gains, optional or not, is a compile error here until it is described.
const executionSummaryShape = {
  executionId: z.string(),
  pipeline: z.string(),
  account: z.string().optional(),
  region: z.string().optional(),
  state: executionStateSchema.optional(),
  attempt: z.number(),
  startTime: z.string(),
  endTime: z.string().optional(),
  durationMs: z.number().optional(),
  trigger: triggerInfoSchema.optional(),
  stopComments: z.string().optional(),
  stages: z.record(z.string(), z.looseObject(stageShape)),
  actions: z.record(z.string(), z.looseObject(actionShape)),
  lastEventAt: z.string(),
  version: z.number(),
  startRecorded: z.literal(true).optional(),
  unreacted: z.array(z.string()).optional(),
  // The window of recent events is kept beside the JSON, in the item's `recent` attribute (summary-item.ts).
  recentEvents: z.undefined().optional(),
  eventPages: z.number().int().nonnegative().optional(),
} satisfies { [K in keyof ExecutionSummary]-?: z.ZodType };

/**
 * An execution summary as the history store keeps it (the `summary` attribute's JSON). Summaries stored
 * before dedupe moved to the history items carry a `seen` list: it is dropped here.
 */
export const storedExecutionSummarySchema: z.ZodType<ExecutionSummary> = z
  .looseObject(executionSummaryShape)
  .transform(({ seen: _seen, ...summary }) => summary);
