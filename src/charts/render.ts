/**
 * Server-side SVG rendering through ECharts, shared by every chart. Charts are static pictures in
 * the page, so interaction is switched off and the output is made self-contained and accessible.
 */
import * as echarts from 'echarts/core';
import type { ComposeOption } from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import type { GridComponentOption, LegendComponentOption } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption>;

export interface Chart {
  svg: string;
  /** Text alternative listing the chart's numbers, for screen readers and no-SVG contexts. */
  alt: string;
}

/** Reads on light and dark page backgrounds alike. */
export const NEUTRAL = '#888';
export const GRID_LINE = 'rgba(136, 136, 136, 0.3)';
export const FONT = 'system-ui, sans-serif';

let registered = false;

// Registration is done on first use rather than at import, so importing a chart module has no effect.
function ensureRegistered(): void {
  if (registered) return;
  echarts.use([BarChart, LineChart, GridComponent, LegendComponent, SVGRenderer]);
  registered = true;
}

const SAFE_COLOUR = /^(?:#[0-9a-f]{3,8}|(?:rgb|rgba|hsl|hsla)\([\d\s.,%]+\)|[a-z]{3,20})$/i;

/** A colour from user settings, or the neutral grey when it is not a plain CSS colour. */
export function safeColour(colour: string): string {
  const trimmed = colour.trim();
  return SAFE_COLOUR.test(trimmed) ? trimmed : NEUTRAL;
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** FNV-1a, enough to give each distinct chart its own id prefix. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

export function renderChart(option: ChartOption, alt: string, width: number, height: number): Chart {
  ensureRegistered();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  let raw: string;
  try {
    chart.setOption({ animation: false, backgroundColor: 'transparent', textStyle: { fontFamily: FONT }, ...option });
    raw = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  // ECharts numbers its ids (clip paths, CSS classes) per process-wide instance count, so two
  // charts on one page could collide across restarts and the same chart differs between calls.
  // A prefix derived from the content is unique per distinct chart and stable.
  // The hover classes are dropped with the hover rules below; their numbers are process-wide too.
  const normalised = raw.replace(/ class="zr\d+-cls-\d+"/g, '').replace(/\bzr\d+-/g, 'zr-');
  const prefix = `cb${shortHash(normalised)}-`;
  const svg = normalised
    .replace(/\bzr-/g, prefix)
    // Hover rules are useless in a static picture and would leak page-wide selectors.
    .replace(/<style\s*>[\s\S]*?<\/style>\s*/g, '')
    .replace(
      /^<svg\b/,
      `<svg role="img" aria-label="${escapeXml(alt)}"`,
    )
    .replace(/(<svg\b[^>]*>)/, `$1<title>${escapeXml(alt)}</title>`);
  return { svg: stylesToAttributes(svg), alt };
}

/** SVG properties that have a presentation-attribute form; others in a style attribute are dropped. */
const PRESENTATION = new Set([
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'stroke-linecap', 'stroke-linejoin',
  'opacity', 'font-size', 'font-family', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline', 'paint-order',
]);

/**
 * The page's Content-Security-Policy allows no inline styles, and browsers ignore `style` attributes
 * under it. ECharts writes text styling as style attributes, so they become presentation attributes,
 * which CSP does not restrict.
 */
export function stylesToAttributes(svg: string): string {
  return svg.replace(/ style="([^"]*)"/g, (_m, decls: string) =>
    decls
      .split(';')
      .map((d) => d.split(':'))
      .filter(([k, v]) => k && v !== undefined && PRESENTATION.has(k.trim()))
      .map(([k, ...v]) => ` ${k!.trim()}="${v.join(':').trim()}"`)
      .join(''),
  );
}

/** Numbers in alt text: whole numbers as is, fractions to two decimals. */
export function formatNumber(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return 'n/a';
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
