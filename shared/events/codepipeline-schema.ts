import * as z from 'zod';

/**
 * Schemas for the EventBridge envelopes CodePipeline emits.
 * Strict where a value is identity or state (pipeline, execution id, level, state); lenient where it is
 * informational, because AWS's own samples disagree on number/string types and on which fields are present.
 * @see https://docs.aws.amazon.com/codepipeline/latest/userguide/detect-state-changes-cloudwatch-events.html
 */

export const DETAIL_TYPES = {
  'CodePipeline Pipeline Execution State Change': 'pipeline',
  'CodePipeline Stage Execution State Change': 'stage',
  'CodePipeline Action Execution State Change': 'action',
} as const;

export const PIPELINE_STATES = [
  'STARTED',
  'SUCCEEDED',
  'RESUMED',
  'FAILED',
  'CANCELED',
  'STOPPING',
  'STOPPED',
  'SUPERSEDED',
] as const;
export const STAGE_STATES = [
  'STARTED',
  'SUCCEEDED',
  'RESUMED',
  'FAILED',
  'CANCELED',
  'STOPPING',
  'STOPPED',
] as const;
export const ACTION_STATES = ['STARTED', 'SUCCEEDED', 'FAILED', 'CANCELED', 'ABANDONED'] as const;

const nonEmpty = z.string().trim().min(1);
/** Informational numbers arrive as 3, 3.0 or "3". */
const lenientNumber = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?$/),
  ])
  .transform(Number);
const optionalText = z.string().optional().catch(undefined);
const lenientTime = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'not a date-time')
  .transform((value) => new Date(value).toISOString());

const commonDetail = z.looseObject({
  pipeline: nonEmpty,
  'execution-id': nonEmpty,
  'start-time': lenientTime.optional().catch(undefined),
  version: lenientNumber.optional().catch(undefined),
  'pipeline-execution-attempt': lenientNumber.optional().catch(undefined),
});

/** Git details of a source-triggered run; AWS samples show them inside execution-trigger and beside it. */
const gitFields = {
  'author-display-name': optionalText,
  'author-email': optionalText,
  'author-id': optionalText,
  'full-repository-name': optionalText,
  'provider-type': optionalText,
  'commit-message': optionalText,
  'commit-id': optionalText,
  'author-date': optionalText,
  'branch-name': optionalText,
  'tag-name': optionalText,
};

const triggerSchema = z
  .looseObject({ 'trigger-type': optionalText, 'trigger-detail': optionalText, ...gitFields })
  .optional()
  .catch(undefined);

export const pipelineDetailSchema = commonDetail.extend({
  state: z.enum(PIPELINE_STATES),
  'execution-trigger': triggerSchema,
  ...gitFields,
  'stop-execution-comments': optionalText,
});

export const stageDetailSchema = commonDetail.extend({
  state: z.enum(STAGE_STATES),
  stage: nonEmpty,
  'stage-last-retry-attempt-time': optionalText,
});

const executionResultSchema = z
  .looseObject({
    'external-execution-url': optionalText,
    'external-execution-summary': optionalText,
    'external-execution-id': optionalText,
    'error-code': optionalText,
  })
  .optional()
  .catch(undefined);

export const actionDetailSchema = commonDetail.extend({
  state: z.enum(ACTION_STATES),
  stage: nonEmpty,
  action: nonEmpty,
  'action-execution-id': optionalText,
  region: optionalText,
  type: z
    .looseObject({
      owner: optionalText,
      category: optionalText,
      provider: optionalText,
      version: z.unknown(),
    })
    .optional()
    .catch(undefined),
  'execution-result': executionResultSchema,
});

const envelopeBase = z.looseObject({
  id: nonEmpty,
  source: z.literal('aws.codepipeline'),
  account: z.string().optional().catch(undefined),
  region: z.string().optional().catch(undefined),
  time: lenientTime,
  resources: z.array(z.string()).optional().catch(undefined),
});

/** One CodePipeline EventBridge envelope of any of the three levels. */
export const codePipelineEnvelopeSchema = z.discriminatedUnion('detail-type', [
  envelopeBase.extend({
    'detail-type': z.literal('CodePipeline Pipeline Execution State Change'),
    detail: pipelineDetailSchema,
  }),
  envelopeBase.extend({
    'detail-type': z.literal('CodePipeline Stage Execution State Change'),
    detail: stageDetailSchema,
  }),
  envelopeBase.extend({
    'detail-type': z.literal('CodePipeline Action Execution State Change'),
    detail: actionDetailSchema,
  }),
]);

export type CodePipelineEnvelope = z.infer<typeof codePipelineEnvelopeSchema>;
