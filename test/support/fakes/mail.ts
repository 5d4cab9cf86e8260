import type { MailMessage, MailPort } from '../../../shared/delivery/mail-port';
import { copy, Faults } from './faults';

/** The mail fan-out ({@link MailPort}, SNS on AWS) in memory: every published message is kept. */
export class FakeMail implements MailPort {
  readonly faults = new Faults<keyof MailPort>();
  readonly published: MailMessage[] = [];

  async publish(message: MailMessage): Promise<{ messageId: string }> {
    this.faults.check('publish');
    this.published.push(copy(message));
    return { messageId: `message-${this.published.length}` };
  }

  /** Messages addressed (by the `recipient` attribute the subscriptions filter on) to one person. */
  to(recipient: string): MailMessage[] {
    return this.published.filter((message) => message.attributes.recipient === recipient);
  }
}
