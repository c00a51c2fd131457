/** Per-epoch line charts (uPlot): one chart for losses, one for the other metrics. */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h } from './dom.js';
import { type EpochMetric } from './types.js';

const COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#4b5563'];

/** A chart of `keys` over epochs; `width` follows the container. */
function lineChart(
  title: string,
  metrics: readonly EpochMetric[],
  keys: readonly string[],
  width: number,
): HTMLElement {
  const box = h('div', { class: 'chart', 'data-testid': 'chart', 'data-series': keys.join(',') });
  const epochs = metrics.map((m) => m.epoch);
  const data: uPlot.AlignedData = [epochs, ...keys.map((k) => metrics.map((m) => m.values[k] ?? null))];
  new uPlot(
    {
      title,
      width,
      height: 220,
      scales: { x: { time: false } },
      axes: [{ label: 'epoch' }, {}],
      series: [
        { label: 'epoch' },
        ...keys.map((k, i) => ({
          label: k,
          stroke: COLOURS[i % COLOURS.length],
          width: 2,
          points: { show: true },
        })),
      ],
    },
    data,
    box,
  );
  return box;
}

/** Loss and metric charts for an epoch history (nothing when empty). */
export function metricCharts(metrics: readonly EpochMetric[], width: number): HTMLElement[] {
  const keys = [...new Set(metrics.flatMap((m) => Object.keys(m.values)))].sort();
  const losses = keys.filter((k) => /loss/i.test(k));
  const others = keys.filter((k) => !/loss/i.test(k));
  const w = Math.max(260, Math.min(900, width));
  return [
    ...(losses.length ? [lineChart('loss', metrics, losses, w)] : []),
    ...(others.length ? [lineChart('metrics', metrics, others, w)] : []),
  ];
}
