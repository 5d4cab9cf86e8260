import { type MatchTarget, matchesTarget } from '../config/match-event';
import type { PipegateConfig } from '../config/pipegate-config';

export interface SlackTarget {
  /** As configured: `#name` or a channel id. */
  channel: string;
  /** Mentions to put in the message; only ever non-empty for FAILED events. */
  mentions: string[];
}

export interface SnsTarget {
  name: string;
  topicArn: string;
}

export interface RouteTargets {
  slack: SlackTarget[];
  sns: SnsTarget[];
}

/** What routing looks at: any level's event, its stage and action when its level has them. */
type RoutedEvent = MatchTarget;

/**
 * Where an event goes: the union of every matching route, in config order. A channel appears once, with the
 * mentions of all matching routes merged — mentions only when the event is a failure, so people are paged for
 * what needs them. A topic appears once per ARN, however many routes or names lead to it.
 * @example
 * routeEvent(config, event);
 * // { slack: [{ channel: '#deploys', mentions: ['<!subteam^S0RELEASE>'] }], sns: [{ name: 'default', topicArn: 'arn:…' }] }
 */
export const routeEvent = (config: PipegateConfig, event: RoutedEvent): RouteTargets => {
  const channels = new Map<string, Set<string>>();
  const topics = new Map<string, SnsTarget>();
  const failed = event.state === 'FAILED';
  for (const route of config.routes) {
    if (!matchesTarget(route.match, event)) continue;
    for (const channel of route.slack.channels) {
      const mentions = channels.get(channel) ?? new Set<string>();
      if (failed) for (const mention of route.slack.mentions) mentions.add(mention);
      channels.set(channel, mentions);
    }
    for (const topic of route.sns.topics) {
      if (!topics.has(topic.topicArn))
        topics.set(topic.topicArn, { name: topic.name, topicArn: topic.topicArn });
    }
  }
  return {
    slack: [...channels].map(([channel, mentions]) => ({ channel, mentions: [...mentions] })),
    sns: [...topics.values()],
  };
};

/**
 * The channels that carry the execution's Slack card for this event: the Slack side of {@link routeEvent}.
 * @example
 * cardChannels(config, event); // ['#deploys']
 */
export const cardChannels = (config: PipegateConfig, event: RoutedEvent): string[] =>
  routeEvent(config, event).slack.map((target) => target.channel);
