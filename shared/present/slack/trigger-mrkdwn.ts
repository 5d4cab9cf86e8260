import type { TriggerInfo } from '../../events/pipeline-event';
import { escapeMrkdwn } from '../text/format';
import { describeTrigger } from '../text/trigger-description';
import { mrkdwnLink } from './mrkdwn';

/**
 * One mrkdwn line saying what started a run, for a context block: the linked short SHA, the commit title,
 * author, branch and repository — or how and by whom it was started when no commit is known. Undefined when
 * nothing is known yet (the pipeline-level event has not arrived), so no "unknown" noise is shown.
 * @example
 * triggerMrkdwn(trigger);
 * // '<https://github.com/acme/prod-api/commit/9c4e…|9c4e1f7> Add /healthz endpoint to the API · Jane Doe · main · acme/prod-api'
 */
export const triggerMrkdwn = (trigger: TriggerInfo | undefined): string | undefined => {
  if (trigger === undefined) return undefined;
  const t = describeTrigger(trigger);
  if (t.commit) {
    const sha = mrkdwnLink(t.commit.url, t.commit.short);
    const title = t.commit.title ? ` ${escapeMrkdwn(t.commit.title)}` : '';
    const where = t.tag ? `tag ${t.tag}` : t.branch;
    const started = t.manual ? `${t.how}${t.startedBy ? ` by ${t.startedBy}` : ''}` : undefined;
    return [`${sha}${title}`, t.who, where, t.repository, started]
      .filter((part): part is string => part !== undefined && part !== '')
      .map((part, index) => (index === 0 ? part : escapeMrkdwn(part)))
      .join(' · ');
  }
  const by = t.who ? ` by ${escapeMrkdwn(t.who)}` : '';
  return `${escapeMrkdwn(t.how)}${by}`;
};
