import * as z from 'zod';
import type { ExecutionState, PipelineEvent } from '../../../events/pipeline-event';
import { oneOf } from './one-of';

export const executionStateSchema = oneOf({
  STARTED: true,
  RESUMED: true,
  STOPPING: true,
  SUCCEEDED: true,
  FAILED: true,
  CANCELED: true,
  STOPPED: true,
  SUPERSEDED: true,
  ABANDONED: true,
} satisfies Record<ExecutionState, true>);

export const triggerInfoSchema = z.looseObject({
  type: z.string().optional(),
  detail: z.string().optional(),
  authorName: z.string().optional(),
  authorEmail: z.string().optional(),
  commitId: z.string().optional(),
  authorDate: z.string().optional(),
  commitMessage: z.string().optional(),
  branch: z.string().optional(),
  tag: z.string().optional(),
  repository: z.string().optional(),
  provider: z.string().optional(),
});

export const failureInfoSchema = z.looseObject({
  errorCode: z.string().optional(),
  summary: z.string().optional(),
  externalUrl: z.string().optional(),
  externalId: z.string().optional(),
});

const eventBase = {
  eventId: z.string(),
  account: z.string().optional(),
  region: z.string().optional(),
  pipeline: z.string(),
  executionId: z.string(),
  state: executionStateSchema,
  time: z.string(),
  executionStartTime: z.string().optional(),
  attempt: z.number(),
  pipelineVersion: z.number().optional(),
};

/** A normalised event as the history store keeps it (JSON of a {@link PipelineEvent}). */
export const storedPipelineEventSchema: z.ZodType<PipelineEvent> = z.discriminatedUnion('level', [
  z.looseObject({
    ...eventBase,
    level: z.literal('pipeline'),
    trigger: triggerInfoSchema.optional(),
    stopComments: z.string().optional(),
  }),
  z.looseObject({ ...eventBase, level: z.literal('stage'), stage: z.string() }),
  z.looseObject({
    ...eventBase,
    level: z.literal('action'),
    stage: z.string(),
    action: z.string(),
    actionExecutionId: z.string().optional(),
    actionCategory: z.string().optional(),
    actionProvider: z.string().optional(),
    result: failureInfoSchema.optional(),
  }),
]);
