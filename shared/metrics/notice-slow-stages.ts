import { DEFAULT_SLOW_STAGE_FACTOR, type PipegateConfig } from '../config/pipegate-config';
import type { ChatPort } from '../delivery/chat-port';
import { deliverOnce, deliveryKeyOf } from '../delivery/deliver-once';
import type { NotificationStore } from '../delivery/notification-store';
import { cardChannels } from '../delivery/routing';
import type { ExecutionSummary } from '../history/execution-summary';
import type { HistoryStore } from '../history/history-store';
import { describeError, type Log } from '../logging/log';
import { renderSlowStageReply } from '../present/slack/slow-stage-reply';
import { pipelineDimension } from './cloudwatch-reaction';
import type { OpsMetrics } from './ops-metrics';
import type { RollupReader } from './rollup-store';
import { type SlowStage, type StageBaseline, slowStagesOf, stageBaselines } from './slow-stages';

export interface NoticeSlowStagesDeps {
  history: Pick<HistoryStore, 'listIdle'>;
  rollups: Pick<RollupReader, 'runs'>;
  /** Undefined without a Slack token: there is no thread to post in, so nothing is looked at. */
  chat?: ChatPort;
  store: NotificationStore;
  config: PipegateConfig;
  metrics: OpsMetrics;
  log: Log;
  now: () => Date;
}

export interface SlowStageResult {
  /** Notes posted in this sweep (one per slow stage attempt and channel, ever). */
  noticed: number;
}

/** The window a stage's usual duration is taken from (docs/configuration.md, `slowStageFactor`). */
const BASELINE_DAYS = 30;
/** Running executions looked at per sweep, stalest first (the sweep runs every 5 minutes). */
const RUNNING_LIMIT = 200;
/** Later than any news time, so listIdle returns every unfinished execution, deferred ones included. */
const END_OF_TIME = '9999-12-31T23:59:59.999Z';

const dayOf = (time: Date): string => time.toISOString().slice(0, 10);

/** One Query per pipeline with a running stage, at most once per sweep. */
const baselinesFor = (deps: NoticeSlowStagesDeps) => {
  const cache = new Map<string, Promise<Map<string, StageBaseline>>>();
  const now = deps.now();
  const from = dayOf(new Date(now.getTime() - BASELINE_DAYS * 86_400_000));
  return (pipeline: string): Promise<Map<string, StageBaseline>> => {
    let baselines = cache.get(pipeline);
    if (!baselines) {
      baselines = deps.rollups.runs(pipeline, from, dayOf(now)).then(stageBaselines);
      cache.set(pipeline, baselines);
    }
    return baselines;
  };
};

/** Posts the note once in the thread of every card the stage's events are routed to. */
const notice = async (
  summary: ExecutionSummary,
  slow: SlowStage,
  deps: NoticeSlowStagesDeps & { chat: ChatPort },
): Promise<number> => {
  const factor = deps.config.metrics?.slowStageFactor ?? DEFAULT_SLOW_STAGE_FACTOR;
  const channels = cardChannels(deps.config, {
    level: 'stage',
    pipeline: summary.pipeline,
    stage: slow.stage,
    state: 'STARTED',
    account: summary.account,
    region: summary.region,
  });
  let posted = 0;
  for (const channel of channels) {
    const card = await deps.store.getCard(summary.executionId, channel);
    // No card yet (or Slack refused it): there is no thread to post in.
    if (!card?.ts || !card.channelId) continue;
    const { channelId, ts } = card;
    const reply = renderSlowStageReply(summary, slow, factor);
    const delivery = {
      executionId: summary.executionId,
      target: `slow:${channel}`,
      key: `${slow.stage}#${slow.attempt}`,
    };
    const result = await deliverOnce(
      delivery,
      async () =>
        (
          await deps.chat.postMessage({
            channel: channelId,
            threadTs: ts,
            text: reply.text,
            blocks: reply.blocks,
            deliveryKey: deliveryKeyOf(delivery),
          })
        ).ts,
      deps,
    );
    if (result === 'sent') posted += 1;
  }
  return posted;
};

/**
 * Sweeper step: every running stage that takes longer than its p90 (succeeded runs of the last 30 days, from
 * the delivery rollups) × `metrics.slowStageFactor` gets one note in its run's Slack thread — once per
 * stage attempt and channel (a `deliverOnce` mark), however many sweeps see it slow. Each note is also
 * counted as `SlowStage`. One run failing to post does not stop the others; the next sweep tries it again.
 */
export const noticeSlowStages = async (deps: NoticeSlowStagesDeps): Promise<SlowStageResult> => {
  const result: SlowStageResult = { noticed: 0 };
  const { chat } = deps;
  if (!chat) return result;
  const factor = deps.config.metrics?.slowStageFactor ?? DEFAULT_SLOW_STAGE_FACTOR;
  const baselines = baselinesFor(deps);
  const running = await deps.history.listIdle(END_OF_TIME, RUNNING_LIMIT);
  for (const summary of running) {
    try {
      const slow = slowStagesOf(summary, await baselines(summary.pipeline), factor, deps.now());
      for (const stage of slow) {
        const posted = await notice(summary, stage, { ...deps, chat });
        result.noticed += posted;
        if (posted > 0) {
          deps.metrics.count('SlowStage', {
            pipeline: pipelineDimension(deps.config.metrics?.production ?? [], summary.pipeline),
          });
        }
      }
    } catch (error) {
      deps.log.warn('slow-stage check failed for one execution', {
        executionId: summary.executionId,
        ...describeError(error),
      });
    }
  }
  return result;
};
