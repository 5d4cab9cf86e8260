import type { EventLevel, PipelineEvent } from '../../shared/events/pipeline-event';

/** Per level (so a stage event still names its stage), an event whose `Defaulted` fields a builder fills in. */
type FieldsOf<E extends PipelineEvent, Defaulted extends keyof PipelineEvent> = E extends PipelineEvent
  ? Omit<E, Defaulted> & Partial<Pick<E, Defaulted>>
  : never;

/**
 * What a test spells out to build a {@link PipelineEvent} of any level: the level and its names are
 * required, the `Defaulted` fields are the builder's.
 * @example
 * const event = (fields: EventFields<'eventId' | 'attempt'>): PipelineEvent => ({ eventId: 'e', attempt: 1, ...fields });
 */
export type EventFields<Defaulted extends keyof PipelineEvent> = FieldsOf<PipelineEvent, Defaulted>;

type AtLevel<L extends EventLevel> = Extract<PipelineEvent, { level: L }>;

const isAt = <L extends EventLevel>(event: PipelineEvent, level: L): event is AtLevel<L> =>
  event.level === level;

/**
 * The event narrowed to its level, so a test reads `trigger` or `result` without defaulting; fails the test
 * when a fixture is not the level it expected.
 * @example atLevel(parsePipelineEvent(envelope), 'action').result?.errorCode
 */
export const atLevel = <L extends EventLevel>(event: PipelineEvent, level: L): AtLevel<L> => {
  if (!isAt(event, level)) throw new Error(`expected a ${level} event, got a ${event.level} event`);
  return event;
};
