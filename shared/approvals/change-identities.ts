import type { Actor } from '../audit/audit-entry';
import type { ChatPort } from '../delivery/chat-port';
import type { TriggerInfo } from '../events/pipeline-event';

/**
 * Everything pipegate can know about who is behind a change. What each is worth:
 * - `authorEmail`: the commit's author email — git metadata anyone can set, not authentication.
 * - `authorSlackUserId`: the Slack user registered with that email (users.lookupByEmail), so a Slack
 *   click by the author is recognised even though Slack identifies people by user id.
 * - `starter`: the IAM principal that started the execution by hand (StartPipelineExecution or a manual
 *   rollback), as CodePipeline reports it in the trigger detail — authenticated by AWS.
 */
export interface ChangeIdentities {
  authorEmail?: string;
  authorSlackUserId?: string;
  /** The starter's own name: the session name of an assumed role (often the SSO email) or the IAM user. */
  starter?: string;
  /** The full principal ARN, for the audit record. */
  starterArn?: string;
}

/** Which identity of the change the approver matched. */
export type IdentityMatch = 'commit-author-email' | 'commit-author-slack-user' | 'execution-starter';

const STARTED_BY_A_PRINCIPAL = new Set(['StartPipelineExecution', 'ManualRollback']);

/** The person part of a principal ARN: the session of an assumed role, or the IAM user name. */
const starterName = (detail: string): string | undefined => {
  const [, , service = '', , , ...rest] = detail.split(':');
  const parts = rest.join(':').split('/');
  if (service === 'sts' && parts[0] === 'assumed-role' && parts.length >= 3) return parts.slice(2).join('/');
  if (service === 'iam' && parts[0] === 'user') return parts.at(-1);
  return undefined;
};

/**
 * Collects the identities of a change's author and starter. The Slack lookup is skipped without a chat port
 * and treated as unknown when Slack has no user with that email.
 * @example
 * await changeIdentities({ authorEmail: 'Priya@Example.com' }, chat); // { authorEmail: 'priya@example.com', authorSlackUserId: 'U0PRIYA04' }
 */
export const changeIdentities = async (
  trigger: TriggerInfo | undefined,
  chat: Pick<ChatPort, 'userByEmail'> | undefined,
): Promise<ChangeIdentities> => {
  const authorEmail = trigger?.authorEmail?.trim().toLowerCase() || undefined;
  const slackUser = authorEmail && chat ? await chat.userByEmail(authorEmail) : undefined;
  const detail = trigger?.detail?.trim();
  const byPrincipal = detail?.startsWith('arn:') && STARTED_BY_A_PRINCIPAL.has(trigger?.type ?? '');
  const starter = byPrincipal && detail ? starterName(detail)?.toLowerCase() : undefined;
  return {
    ...(authorEmail ? { authorEmail } : {}),
    ...(slackUser ? { authorSlackUserId: slackUser.id } : {}),
    ...(starter && detail ? { starter, starterArn: detail } : {}),
  };
};

const localPart = (email: string): string => email.slice(0, email.lastIndexOf('@'));

/**
 * The author identity this approver matches, if any. The starter is matched by email or by the email's
 * local part: SSO sessions are usually named after the person's email or user name. A false match refuses
 * a legitimate approver (who can use the console); a missed one would let the author approve.
 */
export const matchedIdentity = (actor: Actor, identities: ChangeIdentities): IdentityMatch | undefined => {
  const email = actor.email?.trim().toLowerCase();
  if (email && identities.authorEmail === email) return 'commit-author-email';
  if (actor.slackUserId && identities.authorSlackUserId === actor.slackUserId)
    return 'commit-author-slack-user';
  const starter = identities.starter;
  if (email && starter && (starter === email || starter === localPart(email))) return 'execution-starter';
  return undefined;
};
