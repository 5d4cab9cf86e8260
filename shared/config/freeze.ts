import type { ApprovalMatch } from './pipegate-config';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The approval action a freeze may hold (the same shape approvals match policies on). */
export interface FreezeTarget {
  pipeline: string;
  stage: string;
  action: string;
  account?: string;
  region?: string;
}

/** Who can list a Slack user group's members (the chat port, as far as break-glass needs it). */
export interface GroupMembers {
  userGroupMembers(groupId: string): Promise<string[]>;
}

/** People who may approve inside a freeze, with a reason; they must still be approvers under the policy. */
export interface BreakGlass {
  slack: { users: string[]; userGroups: string[] };
  emails: string[];
}

/** A one-off range: instants, resolved from the file's local date-times in the freeze's zone. */
export interface OnceWindow {
  kind: 'once';
  start: Date;
  end: Date;
}

/**
 * A weekly window in the freeze's zone: starts on each listed day at `from` and ends at `to` the same day,
 * or the next day when `to` is not after `from` (e.g. 20:00–07:00). `to` of "24:00" is the day's end.
 */
export interface WeeklyWindow {
  kind: 'weekly';
  days: Weekday[];
  from: string;
  to: string;
}

/** A named change freeze from `freezes:` in the config (docs/configuration.md). */
export interface Freeze {
  name: string;
  match: ApprovalMatch;
  /** IANA zone the window is written in, and in which people are told when it ends. */
  timeZone: string;
  window: OnceWindow | WeeklyWindow;
  breakGlass: BreakGlass;
}
