import { percentile } from './percentile';

/** One day of the charts: production deployments, failed changes and the median lead time shipped that day. */
export interface DailyPoint {
  day: string;
  deployments: number;
  failures: number;
  leadTimeMedianMs?: number;
}

/** The day-by-day samples the series is built from (days as `yyyy-mm-dd`). */
export interface DailySamples {
  deployDays: readonly string[];
  failureDays: readonly string[];
  leadTimes: readonly { day: string; ms: number }[];
}

const tally = (days: readonly string[]): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const day of days) counts.set(day, (counts.get(day) ?? 0) + 1);
  return counts;
};

/** One point per day of the window, zero where nothing happened (so charts have no gaps in time). */
export const dailyOf = (samples: DailySamples, dayList: readonly string[]): DailyPoint[] => {
  const deployments = tally(samples.deployDays);
  const failures = tally(samples.failureDays);
  const leads = new Map<string, number[]>();
  for (const sample of samples.leadTimes)
    leads.set(sample.day, [...(leads.get(sample.day) ?? []), sample.ms]);
  return dayList.map((day) => {
    const median = percentile(leads.get(day) ?? [], 50);
    return {
      day,
      deployments: deployments.get(day) ?? 0,
      failures: failures.get(day) ?? 0,
      ...(median === undefined ? {} : { leadTimeMedianMs: median }),
    };
  });
};
