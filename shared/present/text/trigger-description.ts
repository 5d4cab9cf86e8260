import type { TriggerInfo } from '../../events/pipeline-event';
import { commitUrl } from './console-links';
import { firstLine, shortSha, singleLine, truncate } from './format';

/** A trigger, phrased for people; shared by Slack and email so both say the same thing. */
export interface TriggerDescription {
  /** What started the run, as a short phrase: "Push to main", "Started manually", "Schedule prod-api-nightly". */
  how: string;
  /** Who: the commit author, else the person or role that started it. */
  who?: string;
  /** The person or role that started the run by hand (manual start or rollback), when known. */
  startedBy?: string;
  /** True when a person started the run (manual start or rollback), not a source change or schedule. */
  manual: boolean;
  authorEmail?: string;
  commit?: { sha: string; short: string; url?: string; title?: string };
  branch?: string;
  tag?: string;
  repository?: string;
  /** The raw CodePipeline trigger type, for people who know it. */
  type?: string;
}

// Names of the roles IAM Identity Center creates: AWSReservedSSO_<PermissionSet>_<16 hex>.
const SSO_ROLE = /^AWSReservedSSO_(.+)_[0-9a-f]{16}$/;

/**
 * Shortens the principal in a trigger-detail ARN to what people call it:
 * `…:assumed-role/Ops/alex` → `alex (Ops)`, an Identity Center role → its permission set,
 * `…:user/bob` → `bob`, an EventBridge rule → its name. Connection ARNs name no one and give undefined;
 * a non-ARN value is returned as it is (cut to 80 characters).
 * @example
 * principalName('arn:aws:sts::123456789012:assumed-role/Ops/alex'); // 'alex (Ops)'
 */
export const principalName = (detail: string | undefined): string | undefined => {
  if (detail === undefined || detail.trim() === '') return undefined;
  if (!detail.startsWith('arn:')) return truncate(singleLine(detail), 80);
  const [, , service = '', , , ...rest] = detail.split(':');
  const resource = rest.join(':');
  const parts = resource.split('/');
  if (service === 'sts' && parts[0] === 'assumed-role' && parts.length >= 3) {
    const role = parts[1] ?? '';
    const session = parts.slice(2).join('/');
    return `${session} (${SSO_ROLE.exec(role)?.[1] ?? role})`;
  }
  if (service === 'iam' && resource === 'root') return 'root';
  if (service === 'iam' && parts[0] === 'user') return parts.at(-1);
  if (service === 'events' && parts[0] === 'rule') return parts.at(-1);
  return undefined;
};

const TRIGGER_PHRASES: Record<string, string> = {
  StartPipelineExecution: 'Started manually',
  CreatePipeline: 'Pipeline created or updated',
  PollForSourceChanges: 'Source change (polling)',
  Webhook: 'Source change (webhook)',
  WebhookV2: 'Source change (webhook)',
  CloudWatchEvent: 'EventBridge rule',
  PutActionRevision: 'New source revision',
  ManualRollback: 'Manual rollback',
  AutomatedRollback: 'Automated rollback',
};

const MANUAL_TYPES: ReadonlySet<string> = new Set([
  'StartPipelineExecution',
  'ManualRollback',
  'AutomatedRollback',
]);

const howOf = (trigger: TriggerInfo, principal: string | undefined): string => {
  const phrase = trigger.type === undefined ? undefined : TRIGGER_PHRASES[trigger.type];
  if (phrase && MANUAL_TYPES.has(trigger.type ?? '')) return phrase;
  if (trigger.tag) return `Tag ${trigger.tag}`;
  if (trigger.branch) return `Push to ${trigger.branch}`;
  if (trigger.type === 'CloudWatchEvent' && principal) return `EventBridge rule ${principal}`;
  if (phrase) return phrase;
  if (trigger.type) return singleLine(trigger.type);
  return trigger.commitId ? 'Source change' : 'Unknown trigger';
};

/**
 * Phrases a trigger for people: a commit (short SHA, link, title, author, branch, repository) or how and by
 * whom the run was started otherwise.
 * @example
 * describeTrigger({ type: 'StartPipelineExecution', detail: 'arn:aws:sts::1:assumed-role/Ops/alex' });
 * // { how: 'Started manually', who: 'alex (Ops)', startedBy: 'alex (Ops)', manual: true, … }
 */
export const describeTrigger = (trigger: TriggerInfo | undefined): TriggerDescription => {
  if (trigger === undefined) return { how: 'Unknown trigger', manual: false };
  const principal = principalName(trigger.detail);
  const manual = MANUAL_TYPES.has(trigger.type ?? '');
  // An automated rollback's principal is CodePipeline's service role, not a person.
  const startedBy = manual && trigger.type !== 'AutomatedRollback' ? principal : undefined;
  const who = trigger.authorName ?? trigger.authorEmail ?? startedBy;
  const commit = trigger.commitId
    ? {
        sha: trigger.commitId,
        short: shortSha(trigger.commitId),
        url: commitUrl(trigger),
        title: trigger.commitMessage ? firstLine(trigger.commitMessage, 100) : undefined,
      }
    : undefined;
  return {
    how: howOf(trigger, principal),
    who: who === undefined ? undefined : truncate(singleLine(who), 80),
    startedBy,
    manual,
    authorEmail: trigger.authorEmail,
    commit,
    branch: trigger.branch,
    tag: trigger.tag,
    repository: trigger.repository,
    type: trigger.type,
  };
};
