import type { LineSeriesOption } from 'echarts/charts';
import { FONT, GRID_LINE, NEUTRAL, formatNumber, renderChart } from './render.js';
import type { Chart } from './render.js';
import type { ChartSize } from './verdicts.js';

export interface AgreementPoint {
  date: string;
  nominal: number | null;
  ordinal: number | null;
}

// Blue and orange stay apart for the common colour-vision deficiencies and on dark backgrounds.
const NOMINAL_COLOUR = '#4e79a7';
const ORDINAL_COLOUR = '#f28e2b';

/**
 * Krippendorff's alpha (nominal and ordinal) over time as two lines. Undefined values are gaps,
 * not zeros. The axis runs to 1 and down to 0, or lower when alpha went negative.
 */
export function agreementChart(points: readonly AgreementPoint[], opts: ChartSize = {}): Chart {
  const sorted = [...points].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const values = sorted.flatMap((p) => [p.nominal, p.ordinal]).filter((v): v is number => v !== null && Number.isFinite(v));
  const lowest = Math.min(0, ...values);
  const alt =
    sorted.length === 0
      ? "Reviewer agreement (Krippendorff's alpha) over time: no data yet."
      : "Reviewer agreement (Krippendorff's alpha) over time: " +
        sorted.map((p) => `${p.date} nominal ${formatNumber(p.nominal)}, ordinal ${formatNumber(p.ordinal)}`).join('; ') +
        '.';
  const line = (name: string, colour: string, data: Array<number | null>): LineSeriesOption => ({
    name,
    type: 'line',
    silent: true,
    connectNulls: false,
    showSymbol: true,
    symbol: 'circle',
    symbolSize: 6,
    itemStyle: { color: colour },
    lineStyle: { color: colour, width: 2 },
    // ECharts reads '-' as a missing value and leaves a gap.
    data: data.map((v) => (v === null || !Number.isFinite(v) ? '-' : v)),
  });
  return renderChart(
    {
      legend: { top: 0, textStyle: { color: NEUTRAL, fontFamily: FONT }, data: ['Nominal', 'Ordinal'] },
      grid: { left: 8, right: 16, top: 32, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
      xAxis: {
        type: 'category',
        boundaryGap: false,
        data: sorted.map((p) => p.date),
        axisLabel: { color: NEUTRAL, fontFamily: FONT },
        axisLine: { lineStyle: { color: NEUTRAL } },
      },
      yAxis: {
        type: 'value',
        min: Math.floor(lowest * 10) / 10,
        max: 1,
        axisLabel: { color: NEUTRAL, fontFamily: FONT },
        splitLine: { lineStyle: { color: GRID_LINE } },
      },
      series: [
        line('Nominal', NOMINAL_COLOUR, sorted.map((p) => p.nominal)),
        line('Ordinal', ORDINAL_COLOUR, sorted.map((p) => p.ordinal)),
      ],
    },
    alt,
    opts.width ?? 640,
    opts.height ?? 260,
  );
}
