import { computeDelivery } from '../../../shared/metrics/delivery-metrics';
import {
  DELIVERY_DAYS,
  DELIVERY_HISTORY,
  DELIVERY_PRODUCTION,
} from '../../fixtures/metrics/delivery-history';

const MIN = 60_000;
const HOUR = 60 * MIN;
const report = () =>
  computeDelivery({
    from: '2026-07-01T00:00:00.000Z',
    to: '2026-07-03T23:59:59.999Z',
    days: DELIVERY_DAYS,
    runs: DELIVERY_HISTORY,
    production: DELIVERY_PRODUCTION,
  });

// Percentiles are nearest-rank: the value at rank ceil(p/100 × n) of the sorted sample.
describe('computeDelivery against a hand-computed history', () => {
  it('prod-api: a superseded and a failed commit ship with the next success; a rollback fails the change', () => {
    // Act
    const api = report().pipelines['prod-api'];

    // Assess
    // Deployments R1, R4, R5 (R6 is a rollback, not a change); 3 in 3 days.
    expect(api).toMatchObject({ production: true, runs: 6, deployments: 3, deploymentsPerDay: 1 });
    // Failed changes: R3 failed, R5 was rolled back by R6 → 2 / (3 + 2).
    expect(api?.failedDeployments).toBe(2);
    expect(api?.changeFailureRate).toBeCloseTo(0.4, 10);
    // Lead times per revision: c1 10:00−08:00 = 2 h; c2 (superseded) and c3 (failed) ship with R4 on
    // 07-02 10:00: 23.5 h and 23 h; c4 2 h; c5 1 h; R6 re-deploys c4, which is not counted again.
    // Sorted [1, 2, 2, 23, 23.5] h → median rank 3 = 2 h, p90 rank 5 = 23.5 h.
    expect(api?.leadTimeMs).toEqual({ count: 5, median: 2 * HOUR, p90: 23.5 * HOUR });
    // Restores: R3 failed 07-01 12:00 → R4 07-02 10:00 = 22 h; R5 09:30 → rollback R6 10:20 = 50 min.
    expect(api?.timeToRestoreMs).toEqual({ count: 2, median: 50 * MIN, p90: 22 * HOUR });
    expect(api?.approvalWaitMs).toEqual({ count: 2, median: 20 * MIN, p90: 40 * MIN });
    expect(api?.supersededShare).toBeCloseTo(1 / 6, 10);
    // Build [5, 10, 10, 15, 20] min → 10 / 20; Deploy [10, 15, 30, 40] min → rank 2 = 15, rank 4 = 40.
    expect(api?.stageDurationsMs).toEqual({
      Build: { count: 5, median: 10 * MIN, p90: 20 * MIN },
      Deploy: { count: 4, median: 15 * MIN, p90: 40 * MIN },
    });
  });

  it('web deploys through its Prod stage only; tools is not production', () => {
    // Act
    const { web, tools } = report().pipelines;

    // Assess
    // W1's Prod stage succeeded (the run failed later, at Smoke): a deployment, lead 13:00 − 11:00 = 2 h.
    // W2's Prod failed: a failed change, not restored within the window. W3 never reached Prod.
    expect(web).toMatchObject({
      production: true,
      runs: 3,
      deployments: 1,
      failedDeployments: 1,
      changeFailureRate: 0.5,
    });
    expect(web?.leadTimeMs).toEqual({ count: 1, median: 2 * HOUR, p90: 2 * HOUR });
    expect(web?.timeToRestoreMs).toEqual({ count: 0, median: undefined, p90: undefined });
    expect(web?.supersededShare).toBe(0);
    expect(tools).toMatchObject({ production: false, runs: 1, deployments: 0, failedDeployments: 0 });
    expect(tools).not.toHaveProperty('changeFailureRate');
  });

  it('overall: every pipeline together, and the daily series the charts draw', () => {
    // Act
    const { overall, daily } = report();

    // Assess
    expect(overall).toMatchObject({ runs: 10, deployments: 4, failedDeployments: 3 });
    expect(overall.deploymentsPerDay).toBeCloseTo(4 / 3, 10);
    expect(overall.changeFailureRate).toBeCloseTo(3 / 7, 10);
    expect(overall.supersededShare).toBeCloseTo(0.1, 10);
    // Leads [1, 2, 2, 2, 23, 23.5] h → rank 3 = 2 h, rank 6 = 23.5 h.
    expect(overall.leadTimeMs).toEqual({ count: 6, median: 2 * HOUR, p90: 23.5 * HOUR });
    // Build adds tools' 2 min: [2, 5, 10, 10, 15, 20] → rank 3 = 10, rank 6 = 20.
    expect(overall.stageDurationsMs.Build).toEqual({ count: 6, median: 10 * MIN, p90: 20 * MIN });
    expect(overall.stageDurationsMs.Prod).toEqual({ count: 1, median: 20 * MIN, p90: 20 * MIN });
    expect(daily).toEqual([
      { day: '2026-07-01', deployments: 1, failures: 1, leadTimeMedianMs: 2 * HOUR },
      // Leads shipped on 07-02: c2 23.5 h, c3 23 h, c4 2 h, w1 2 h → rank 2 = 2 h.
      { day: '2026-07-02', deployments: 2, failures: 0, leadTimeMedianMs: 2 * HOUR },
      { day: '2026-07-03', deployments: 1, failures: 2, leadTimeMedianMs: 1 * HOUR },
    ]);
  });
});
