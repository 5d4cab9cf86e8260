import type { MailPort } from './mail-port';

/** A rendered email (approval request, notice, reminder, execution email): what is sent, without the topic. */
export interface RenderedEmail<A extends Record<keyof A, string>> {
  subject: string;
  body: string;
  /** SNS message attributes subscribers filter on (recipient, pipeline, kind …). */
  attributes: A;
}

/**
 * Publishes a rendered email to the topic and answers the message id, which {@link deliverOnce} records.
 * @example await deliverOnce(delivery, () => publishEmail(deps.mail, topicArn, renderApprovalNotice(…)), deps);
 */
export const publishEmail = async <A extends Record<keyof A, string>>(
  mail: MailPort,
  topicArn: string,
  email: RenderedEmail<A>,
): Promise<string> => {
  const published = await mail.publish({
    topicArn,
    subject: email.subject,
    body: email.body,
    attributes: Object.fromEntries(Object.entries<string>(email.attributes)),
  });
  return published.messageId;
};
