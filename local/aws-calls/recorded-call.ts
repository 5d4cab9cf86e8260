import { z } from 'zod';

/**
 * One AWS call a function made, in local terms: the names it used (a table name, a topic ARN, a pipeline
 * name, a parameter name). The IAM check turns these into the ARNs the deployed stack would see.
 */
export const recordedCallSchema = z.object({
  /** The serverless.yml function (`ingest`, `audit-api`, …) that made the call. */
  fn: z.string().min(1),
  /** The SDK's service id as IAM spells the prefix: `dynamodb`, `sns`, `codepipeline`, `ssm`. */
  service: z.string().min(1),
  /** The operation, e.g. `Query`. */
  action: z.string().min(1),
  targets: z.array(
    z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('table'), name: z.string(), index: z.string().optional() }),
      // `service` when the ARN was the function's own PIPEGATE_TOPIC_ARN (the stack's PipegateTopic).
      z.object({ kind: z.literal('topic'), arn: z.string(), service: z.boolean() }),
      // PutApprovalResult acts on one action of a stage: IAM's resource is `<pipeline>/<stage>/<action>`.
      z.object({
        kind: z.literal('pipeline'),
        name: z.string(),
        stage: z.string().optional(),
        action: z.string().optional(),
      }),
      z.object({ kind: z.literal('parameter'), name: z.string(), decrypt: z.boolean() }),
      // Lambda Invoke: the function by name (IAM's action is lambda:InvokeFunction).
      z.object({ kind: z.literal('function'), name: z.string() }),
    ]),
  ),
});

export type RecordedCall = z.infer<typeof recordedCallSchema>;
export type CallTarget = RecordedCall['targets'][number];

/** A stable key, so a call made a thousand times is kept once. */
export const callKey = (call: RecordedCall): string => JSON.stringify(call);

/**
 * Parses a JSON-lines recording; a malformed line fails loudly (a silently dropped call would hide a denial).
 *
 * @example
 * const calls = parseRecording(readFileSync(file, 'utf8'), file);
 */
export const parseRecording = (text: string, source: string): RecordedCall[] =>
  text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const parsed = recordedCallSchema.safeParse(JSON.parse(line));
      if (!parsed.success)
        throw new Error(`${source}:${index + 1}: not a recorded call: ${parsed.error.message}`);
      return parsed.data;
    });
