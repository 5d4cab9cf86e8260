import type { SlackStandIn } from './standins/slack';

/** The people of the local demo workspace; the bundled pipegate.config.yaml allows Jane, Sam and the group. */
export const LOCAL_USERS = [
  { id: 'U0JANE001', name: 'jane', real_name: 'Jane Doe', email: 'jane@example.com' },
  { id: 'U0SAM0002', name: 'sam', real_name: 'Sam Lee', email: 'sam@example.com' },
  { id: 'U0ALEX003', name: 'alex', real_name: 'Alex Kim', email: 'alex@example.com' },
] as const;

export const LOCAL_RELEASE_GROUP = {
  id: 'S0RELEASE',
  handle: 'release-managers',
  members: ['U0JANE001'],
} as const;

/** Who receives email locally: approvers get their personal approval mails, ops everything else. */
export const LOCAL_EMAIL_SUBSCRIBERS = {
  approvers: ['jane@example.com', 'sam@example.com', 'release-managers@example.com'],
  ops: ['ops@example.com'],
} as const;

export const seedSlackWorkspace = (slack: SlackStandIn): void => {
  for (const user of LOCAL_USERS) slack.addUser({ ...user, display_name: user.real_name });
  slack.addUserGroup(LOCAL_RELEASE_GROUP.id, [...LOCAL_RELEASE_GROUP.members]);
};

/** Display names for mentions on the local page: users by their real name, the group by its handle. */
export const localNames = (id: string): string | undefined =>
  id === LOCAL_RELEASE_GROUP.id
    ? LOCAL_RELEASE_GROUP.handle
    : LOCAL_USERS.find((user) => user.id === id)?.real_name;
