import { FONT, GRID_LINE, NEUTRAL, renderChart, safeColour } from './render.js';
import type { Chart } from './render.js';

export interface VerdictRow {
  label: string;
  colour: string;
  count: number;
}

export interface ChartSize {
  width?: number;
  height?: number;
}

/** Claims per verdict as horizontal bars in each verdict's colour, first row at the top. */
export function verdictChart(rows: readonly VerdictRow[], opts: ChartSize = {}): Chart {
  const width = opts.width ?? 480;
  const height = opts.height ?? Math.max(120, 48 + rows.length * 32);
  const alt =
    rows.length === 0
      ? 'Verdicts: no claims rated.'
      : `Verdicts: ${rows.map((r) => `${r.label.trim()} ${r.count}`).join(', ')}.`;
  return renderChart(
    {
      grid: { left: 8, right: 40, top: 8, bottom: 24, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
      xAxis: {
        type: 'value',
        minInterval: 1,
        axisLabel: { color: NEUTRAL, fontFamily: FONT },
        axisLine: { show: true, lineStyle: { color: NEUTRAL } },
        splitLine: { lineStyle: { color: GRID_LINE } },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((r) => r.label.trim()),
        axisLabel: { color: NEUTRAL, fontFamily: FONT },
        axisLine: { lineStyle: { color: NEUTRAL } },
        axisTick: { show: false },
      },
      series: [
        {
          type: 'bar',
          silent: true,
          barMaxWidth: 24,
          data: rows.map((r) => ({ value: r.count, itemStyle: { color: safeColour(r.colour) } })),
          label: { show: true, position: 'right', color: NEUTRAL, fontFamily: FONT },
        },
      ],
    },
    alt,
    width,
    height,
  );
}
