import { PipegateError } from '../errors';
import { formatZodIssues } from '../validation/format-zod-issues';
import { type CodePipelineEnvelope, codePipelineEnvelopeSchema } from './codepipeline-schema';
import type { FailureInfo, PipelineEvent, TriggerInfo } from './pipeline-event';

const compact = <T extends object>(value: T): T | undefined => {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && v !== '');
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as T);
};

const triggerOf = (envelope: CodePipelineEnvelope): TriggerInfo | undefined => {
  if (envelope['detail-type'] !== 'CodePipeline Pipeline Execution State Change') return undefined;
  const d = envelope.detail;
  const t = d['execution-trigger'] ?? {};
  return compact<TriggerInfo>({
    type: t['trigger-type'],
    detail: t['trigger-detail'],
    authorName: t['author-display-name'] ?? d['author-display-name'],
    authorEmail: t['author-email'] ?? d['author-email'],
    commitId: t['commit-id'] ?? d['commit-id'],
    authorDate: t['author-date'] ?? d['author-date'],
    commitMessage: t['commit-message'] ?? d['commit-message'],
    branch: t['branch-name'] ?? d['branch-name'],
    tag: t['tag-name'] ?? d['tag-name'],
    repository: t['full-repository-name'] ?? d['full-repository-name'],
    provider: t['provider-type'] ?? d['provider-type'],
  });
};

const resultOf = (envelope: CodePipelineEnvelope): FailureInfo | undefined => {
  if (envelope['detail-type'] !== 'CodePipeline Action Execution State Change') return undefined;
  const r = envelope.detail['execution-result'];
  if (!r) return undefined;
  return compact<FailureInfo>({
    errorCode: r['error-code'],
    summary: r['external-execution-summary'],
    externalUrl: r['external-execution-url'],
    externalId: r['external-execution-id'],
  });
};

/** Turns a parsed envelope into the level-independent {@link PipelineEvent}. */
export const toPipelineEvent = (envelope: CodePipelineEnvelope): PipelineEvent => {
  const d = envelope.detail;
  const base = {
    eventId: envelope.id,
    account: envelope.account,
    region: envelope.region,
    pipeline: d.pipeline,
    executionId: d['execution-id'],
    state: d.state,
    time: envelope.time,
    executionStartTime: d['start-time'],
    attempt: d['pipeline-execution-attempt'] ?? 1,
    pipelineVersion: d.version,
  };
  switch (envelope['detail-type']) {
    case 'CodePipeline Pipeline Execution State Change':
      return {
        ...base,
        level: 'pipeline',
        trigger: triggerOf(envelope),
        stopComments: envelope.detail['stop-execution-comments'] || undefined,
      };
    case 'CodePipeline Stage Execution State Change':
      return { ...base, level: 'stage', stage: envelope.detail.stage };
    case 'CodePipeline Action Execution State Change':
      return {
        ...base,
        level: 'action',
        stage: envelope.detail.stage,
        action: envelope.detail.action,
        actionExecutionId: envelope.detail['action-execution-id'],
        actionCategory: envelope.detail.type?.category,
        actionProvider: envelope.detail.type?.provider,
        result: resultOf(envelope),
      };
  }
};

/**
 * Parses an unknown value as a CodePipeline envelope.
 * @throws PipegateError INVALID_EVENT with the failing field paths in `details.issues`
 * @example
 * const event = parsePipelineEvent(JSON.parse(record.body));
 */
export const parsePipelineEvent = (input: unknown): PipelineEvent => {
  const parsed = codePipelineEnvelopeSchema.safeParse(input);
  if (!parsed.success) {
    const issues = formatZodIssues(parsed.error.issues);
    throw new PipegateError('INVALID_EVENT', `not a CodePipeline state-change event: ${issues.join('; ')}`, {
      details: { issues },
    });
  }
  return toPipelineEvent(parsed.data);
};
