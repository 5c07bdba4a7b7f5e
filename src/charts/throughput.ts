import { FONT, GRID_LINE, NEUTRAL, renderChart } from './render.js';
import type { Chart } from './render.js';
import type { ChartSize } from './verdicts.js';

export interface DayCount {
  /** YYYY-MM-DD */
  date: string;
  count: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Beyond this span the gaps are not filled; a bar per day would be unreadable anyway. */
const MAX_FILLED_DAYS = 731;

/**
 * Points in date order, with the days between them that had no reviews added as zeros, so the axis
 * shows time evenly instead of skipping quiet days. Several points for one day are added together.
 */
export function dailySeries(points: readonly DayCount[]): DayCount[] {
  const byDay = new Map<string, number>();
  for (const p of points) byDay.set(p.date, (byDay.get(p.date) ?? 0) + p.count);
  const days = [...byDay.keys()].sort();
  const first = days[0];
  const last = days[days.length - 1];
  const isDay = (d: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`));
  if (first !== undefined && last !== undefined && days.every(isDay)) {
    const start = Date.parse(`${first}T00:00:00Z`);
    const end = Date.parse(`${last}T00:00:00Z`);
    if ((end - start) / DAY_MS <= MAX_FILLED_DAYS) {
      const filled: DayCount[] = [];
      for (let t = start; t <= end; t += DAY_MS) {
        const date = new Date(t).toISOString().slice(0, 10);
        filled.push({ date, count: byDay.get(date) ?? 0 });
      }
      return filled;
    }
  }
  return days.map((date) => ({ date, count: byDay.get(date) ?? 0 }));
}

/** Reviews submitted per day as bars. */
export function throughputChart(points: readonly DayCount[], opts: ChartSize = {}): Chart {
  const series = dailySeries(points);
  const total = series.reduce((sum, p) => sum + p.count, 0);
  const first = series[0];
  const last = series[series.length - 1];
  const alt =
    first === undefined || last === undefined
      ? 'Reviews per day: no reviews yet.'
      : `Reviews per day, ${first.date} to ${last.date}, ${total} in total: ` +
        `${series.map((p) => `${p.date} ${p.count}`).join(', ')}.`;
  return renderChart(
    {
      grid: { left: 8, right: 16, top: 16, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
      xAxis: {
        type: 'category',
        data: series.map((p) => p.date),
        axisLabel: { color: NEUTRAL, fontFamily: FONT },
        axisLine: { lineStyle: { color: NEUTRAL } },
        axisTick: { alignWithLabel: true, lineStyle: { color: NEUTRAL } },
      },
      yAxis: {
        type: 'value',
        minInterval: 1,
        axisLabel: { color: NEUTRAL, fontFamily: FONT },
        splitLine: { lineStyle: { color: GRID_LINE } },
      },
      series: [{ type: 'bar', silent: true, barMaxWidth: 24, itemStyle: { color: '#4e79a7' }, data: series.map((p) => p.count) }],
    },
    alt,
    opts.width ?? 640,
    opts.height ?? 240,
  );
}
