// Delivery charts on the local page: data from the real audit API (GET /audit/metrics), drawn with Chart.js
// (served from node_modules at /vendor/chart.umd.min.js, the UMD build that defines window.Chart).
const HOUR = 3_600_000;
const MINUTE = 60_000;
const charts = {};

const draw = (id, config) => {
  const canvas = document.getElementById(id);
  const points = config.data.datasets.reduce(
    (sum, set) => sum + set.data.filter((v) => v !== null && v !== 0).length,
    0,
  );
  if (charts[id]) {
    charts[id].data = config.data;
    charts[id].update('none');
  } else {
    charts[id] = new window.Chart(canvas, {
      ...config,
      options: { animation: false, responsive: true, ...config.options },
    });
  }
  // What the browser test (and a curious reader) can check: how many values this chart shows.
  canvas.dataset.points = String(points);
};

const percent = (share) => (share === undefined ? null : Math.round(share * 1000) / 10);

const render = (report) => {
  const days = report.daily.map((point) => point.day.slice(5));
  const o = report.overall;
  document.getElementById('metrics-summary').textContent =
    `${o.deployments} production deployments in ${report.days} days · change failure rate ${percent(o.changeFailureRate) ?? '–'} % · ` +
    `lead time median ${o.leadTimeMs.median === undefined ? '–' : `${(o.leadTimeMs.median / HOUR).toFixed(1)} h`} · ` +
    `${Math.round((o.supersededShare ?? 0) * 100)} % of runs superseded`;
  draw('chart-deployments', {
    type: 'bar',
    data: {
      labels: days,
      datasets: [
        { label: 'deployments', data: report.daily.map((p) => p.deployments), backgroundColor: '#2e7d32' },
        { label: 'failed changes', data: report.daily.map((p) => p.failures), backgroundColor: '#c62828' },
      ],
    },
  });
  draw('chart-lead-time', {
    type: 'line',
    data: {
      labels: days,
      datasets: [
        {
          label: 'median lead time (h)',
          data: report.daily.map((p) =>
            p.leadTimeMedianMs === undefined ? null : p.leadTimeMedianMs / HOUR,
          ),
          spanGaps: true,
          borderColor: '#1565c0',
        },
      ],
    },
  });
  const pipelines = Object.entries(report.pipelines).filter(([, keys]) => keys.production);
  draw('chart-failure-rate', {
    type: 'bar',
    data: {
      labels: pipelines.map(([name]) => name),
      datasets: [
        {
          label: 'change failure rate (%)',
          data: pipelines.map(([, k]) => percent(k.changeFailureRate)),
          backgroundColor: '#ef6c00',
        },
      ],
    },
    options: { scales: { y: { min: 0, max: 100 } } },
  });
  const stages = Object.entries(o.stageDurationsMs);
  draw('chart-stages', {
    type: 'bar',
    data: {
      labels: stages.map(([name]) => name),
      datasets: [
        { label: 'median (min)', data: stages.map(([, d]) => d.median / MINUTE), backgroundColor: '#6a1b9a' },
        { label: 'p90 (min)', data: stages.map(([, d]) => d.p90 / MINUTE), backgroundColor: '#ab47bc' },
      ],
    },
  });
};

const refresh = async () => {
  try {
    const response = await fetch('/audit/metrics?since=14d');
    if (response.ok) render(await response.json());
  } catch {
    // The stack is starting or stopping; the next refresh tries again.
  }
};

await refresh();
setInterval(refresh, 5_000);
