import { verifyApprovalLink } from '../../shared/approvals/approval-link';
import { parseLinkKeys } from '../../shared/approvals/link-keys';
import type { LocalStack } from '../stack';
import type { SnsDelivery } from '../standins/sns-types';

/** A delivered email's genuine approval links, by the decision each one signs. */
export type EmailApprovalLinks = Partial<Record<'approve' | 'reject' | 'choose', string>>;

const URL_PATTERN = /https?:\/\/[^\s<>"]+/g;

/**
 * The approval links of one delivered email, for the web page's buttons: only URLs that point at this stack's
 * `/approvals/link`, carry a token signed with this stack's key, and are made out to the email's own
 * recipient. Anything else in the body — a commit message or custom data with a look-alike URL — is text,
 * never a button.
 */
export const approvalLinksOf = (
  stack: LocalStack,
  mail: Pick<SnsDelivery, 'to' | 'body'>,
): EmailApprovalLinks => {
  const keys = parseLinkKeys(stack.env.PIPEGATE_LINK_KEYS);
  const base = `${stack.api.url}/approvals/link`;
  const links: EmailApprovalLinks = {};
  for (const [candidate] of mail.body.matchAll(URL_PATTERN)) {
    let url: URL;
    try {
      url = new URL(candidate);
    } catch {
      continue;
    }
    if (`${url.origin}${url.pathname}` !== base) continue;
    try {
      const payload = verifyApprovalLink(url.searchParams.get('t') ?? '', keys, new Date());
      if (payload.r === mail.to.trim().toLowerCase() && links[payload.d] === undefined)
        links[payload.d] = candidate;
    } catch {
      // Not a link this stack signed for this recipient (or expired): not a button.
    }
  }
  return links;
};
