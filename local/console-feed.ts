import type { SlackStandIn } from './standins/slack';
import type { SnsStandIn } from './standins/sns';

/** Prints what the stand-ins received since last time: Slack posts and updates, and emails. */
export const createConsoleFeed = (slack: SlackStandIn, sns: SnsStandIn, print: (line: string) => void) => {
  const seenUpdates = new Map<string, number>();
  let seenEmails = 0;
  return (): void => {
    for (const message of slack.messages()) {
      const key = `${message.channel}/${message.ts}`;
      const updates = seenUpdates.get(key);
      if (updates === message.updates) continue;
      seenUpdates.set(key, message.updates);
      const where = message.thread_ts ? '  ↳ thread' : updates === undefined ? '  slack   ' : '  updated ';
      print(`${where} ${message.channel}: ${String(message.text ?? '').split('\n')[0]}`);
    }
    const emails = sns.emails();
    for (const email of emails.slice(seenEmails)) print(`  email → ${email.to}: ${email.subject ?? ''}`);
    seenEmails = emails.length;
  };
};
