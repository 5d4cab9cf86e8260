import { type DailyPoint, dailyOf } from './daily-series';
import { type Distribution, distribution } from './percentile';
import { deployOutcome, isRollback, type ProductionRule, productionRuleFor } from './production';
import type { RunFact } from './run-fact';

/** The delivery keys of one pipeline, or of all of them together. */
export interface DeliveryKeys {
  runs: number;
  deployments: number;
  deploymentsPerDay: number;
  /** Failed production runs plus successful ones later rolled back, over all production deployments. */
  changeFailureRate?: number;
  failedDeployments: number;
  leadTimeMs: Distribution;
  timeToRestoreMs: Distribution;
  approvalWaitMs: Distribution;
  /** Superseded runs over all finished runs. */
  supersededShare?: number;
  stageDurationsMs: Record<string, Distribution>;
}

export type { DailyPoint } from './daily-series';

export interface DeliveryReport {
  from: string;
  to: string;
  days: number;
  pipelines: Record<string, DeliveryKeys & { production: boolean }>;
  overall: DeliveryKeys;
  daily: DailyPoint[];
}

interface Samples {
  runs: number;
  superseded: number;
  deployments: number;
  failures: number;
  leadTimes: { day: string; ms: number }[];
  restores: number[];
  approvalWaits: number[];
  stages: Record<string, number[]>;
  deployDays: string[];
  failureDays: string[];
}

const emptySamples = (): Samples => ({
  runs: 0,
  superseded: 0,
  deployments: 0,
  failures: 0,
  leadTimes: [],
  restores: [],
  approvalWaits: [],
  stages: {},
  deployDays: [],
  failureDays: [],
});

const dayOf = (iso: string): string => iso.slice(0, 10);
const ms = (from: string, to: string): number => Date.parse(to) - Date.parse(from);

/** Walks one pipeline's runs in the order they ended and collects every sample the keys are built from. */
const samplesOf = (runs: readonly RunFact[], rule: ProductionRule | undefined): Samples => {
  const samples = emptySamples();
  const ordered = [...runs].sort((a, b) => a.end.localeCompare(b.end) || a.id.localeCompare(b.id));
  // Revisions built by runs that did not ship; the next successful deployment ships them too.
  const pending = new Map<string, string | undefined>();
  const shipped = new Set<string>();
  let lastSuccess: { end: string; day: string } | undefined;
  let brokenSince: string | undefined;
  for (const run of ordered) {
    samples.runs += 1;
    if (run.state === 'SUPERSEDED') samples.superseded += 1;
    samples.approvalWaits.push(...run.approvalWaits);
    for (const [name, stage] of Object.entries(run.stages)) {
      if (stage.state !== 'SUCCEEDED' || stage.ms === undefined) continue;
      const durations = samples.stages[name];
      if (durations) durations.push(stage.ms);
      else samples.stages[name] = [stage.ms];
    }
    if (!rule) continue;
    const outcome = deployOutcome(rule, run);
    const rollback = isRollback(run.trigger);
    if (rollback && outcome === 'success' && lastSuccess) {
      // The rolled-back deployment was a failed change; service is restored by this run.
      samples.failures += 1;
      samples.failureDays.push(lastSuccess.day);
      samples.restores.push(ms(lastSuccess.end, run.end));
      brokenSince = undefined;
    }
    if (outcome === 'failure' && !rollback) {
      samples.failures += 1;
      samples.failureDays.push(dayOf(run.end));
      brokenSince ??= run.end;
    }
    if (outcome !== 'success') {
      if (run.revision && !shipped.has(run.revision.id))
        pending.set(run.revision.id, run.revision.authoredAt);
      continue;
    }
    if (brokenSince) samples.restores.push(ms(brokenSince, run.end));
    brokenSince = undefined;
    lastSuccess = { end: run.end, day: dayOf(run.end) };
    if (rollback) continue;
    samples.deployments += 1;
    samples.deployDays.push(dayOf(run.end));
    if (run.revision) pending.set(run.revision.id, run.revision.authoredAt);
    for (const [revision, authoredAt] of pending) {
      if (shipped.has(revision)) continue;
      shipped.add(revision);
      if (authoredAt) samples.leadTimes.push({ day: dayOf(run.end), ms: ms(authoredAt, run.end) });
    }
    pending.clear();
  }
  return samples;
};

const keysOf = (samples: Samples, days: number): DeliveryKeys => {
  const attempts = samples.deployments + samples.failures;
  return {
    runs: samples.runs,
    deployments: samples.deployments,
    deploymentsPerDay: days ? samples.deployments / days : 0,
    ...(attempts ? { changeFailureRate: samples.failures / attempts } : {}),
    failedDeployments: samples.failures,
    leadTimeMs: distribution(samples.leadTimes.map((sample) => sample.ms)),
    timeToRestoreMs: distribution(samples.restores),
    approvalWaitMs: distribution(samples.approvalWaits),
    ...(samples.runs ? { supersededShare: samples.superseded / samples.runs } : {}),
    stageDurationsMs: Object.fromEntries(
      Object.entries(samples.stages)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, values]) => [name, distribution(values)]),
    ),
  };
};

const merge = (all: Samples[]): Samples =>
  all.reduce((sum, next) => {
    const stages = { ...sum.stages };
    for (const [name, values] of Object.entries(next.stages))
      stages[name] = [...(stages[name] ?? []), ...values];
    return {
      runs: sum.runs + next.runs,
      superseded: sum.superseded + next.superseded,
      deployments: sum.deployments + next.deployments,
      failures: sum.failures + next.failures,
      leadTimes: [...sum.leadTimes, ...next.leadTimes],
      restores: [...sum.restores, ...next.restores],
      approvalWaits: [...sum.approvalWaits, ...next.approvalWaits],
      stages,
      deployDays: [...sum.deployDays, ...next.deployDays],
      failureDays: [...sum.failureDays, ...next.failureDays],
    };
  }, emptySamples());

/**
 * Computes the delivery keys (DORA) per pipeline and overall from finished runs. Pure and deterministic:
 * the fixture test works the numbers out by hand.
 * @example computeDelivery({ from, to, days: ['2026-07-01'], runs, production: [{ pipeline: 'prod-*' }] })
 */
export const computeDelivery = (input: {
  from: string;
  to: string;
  days: readonly string[];
  runs: readonly RunFact[];
  production: readonly ProductionRule[];
}): DeliveryReport => {
  const byPipeline = new Map<string, RunFact[]>();
  for (const run of input.runs) {
    const runs = byPipeline.get(run.pipeline);
    if (runs) runs.push(run);
    else byPipeline.set(run.pipeline, [run]);
  }
  const pipelines: DeliveryReport['pipelines'] = {};
  const all: Samples[] = [];
  for (const [name, runs] of [...byPipeline].sort(([a], [b]) => a.localeCompare(b))) {
    const rule = productionRuleFor(input.production, name);
    const samples = samplesOf(runs, rule);
    all.push(samples);
    pipelines[name] = { ...keysOf(samples, input.days.length), production: rule !== undefined };
  }
  const merged = merge(all);
  return {
    from: input.from,
    to: input.to,
    days: input.days.length,
    pipelines,
    overall: keysOf(merged, input.days.length),
    daily: dailyOf(merged, input.days),
  };
};
