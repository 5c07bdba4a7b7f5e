import { describe, expect, it } from '@jest/globals';
import { agreementChart, dailySeries, throughputChart, verdictChart } from '../../src/charts/index.js';

function textOf(svg: string): string {
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join('\n');
}

describe('verdictChart', () => {
  it('renders an accessible SVG bar chart with every label and an alt listing every count', () => {
    const rows = [
      { label: 'True', colour: '#2a9d55', count: 3 },
      { label: 'Mostly false', colour: '#f4a261', count: 2 },
      { label: 'Unverifiable', colour: '#888888', count: 0 },
    ];
    const { svg, alt } = verdictChart(rows);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toMatch(/^<svg role="img" aria-label="Verdicts: True 3, Mostly false 2, Unverifiable 0\."/);
    expect(svg).toContain('<title>Verdicts: True 3, Mostly false 2, Unverifiable 0.</title>');
    for (const row of rows) expect(textOf(svg)).toContain(row.label);
    expect(alt).toBe('Verdicts: True 3, Mostly false 2, Unverifiable 0.');
    expect(svg).toContain('fill="#2a9d55"');
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<style');
  });

  it('escapes hostile labels and ignores colours that are not colours', () => {
    const { svg, alt } = verdictChart([
      { label: '<script>alert(1)</script>', colour: 'red" onload="alert(1)', count: 1 },
    ]);
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('onload');
    expect(svg).toContain('&lt;script&gt;');
    expect(alt).toContain('<script>alert(1)</script> 1');
  });

  it('uses a transparent background and neutral axis text for light and dark themes', () => {
    const { svg } = verdictChart([{ label: 'False', colour: '#d62828', count: 4 }]);
    expect(svg).not.toMatch(/<rect[^>]*fill="(?:#fff|#ffffff|white)"/i);
    expect(svg).toMatch(/<text[^>]*fill="#888"[^>]*>False<\/text>/);
  });

  it('gives the same SVG for the same data, whatever was rendered before', () => {
    const rows = [{ label: 'True', colour: '#2a9d55', count: 1 }];
    const first = verdictChart(rows).svg;
    verdictChart([{ label: 'Other', colour: '#000', count: 9 }]);
    expect(verdictChart(rows).svg).toBe(first);
  });

  it('renders an empty chart with an alt that says so', () => {
    const { svg, alt } = verdictChart([], { width: 300, height: 120 });
    expect(svg).toMatch(/^<svg[^>]*width="300"[^>]*height="120"/);
    expect(alt).toBe('Verdicts: no claims rated.');
  });
});

describe('throughputChart', () => {
  it('fills quiet days with zero and lists each day in the alt text', () => {
    const { svg, alt } = throughputChart([
      { date: '2024-05-03', count: 4 },
      { date: '2024-05-01', count: 3 },
    ]);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toContain('<script');
    expect(alt).toBe('Reviews per day, 2024-05-01 to 2024-05-03, 7 in total: 2024-05-01 3, 2024-05-02 0, 2024-05-03 4.');
    expect(textOf(svg)).toContain('2024-05-01');
  });

  it('adds together points that fall on the same day', () => {
    expect(dailySeries([{ date: '2024-01-01', count: 1 }, { date: '2024-01-01', count: 2 }])).toEqual([
      { date: '2024-01-01', count: 3 },
    ]);
  });

  it('says there are no reviews when there are no points', () => {
    expect(throughputChart([]).alt).toBe('Reviews per day: no reviews yet.');
  });
});

describe('agreementChart', () => {
  it('draws both alpha lines with a legend and lists every value, n/a for undefined ones', () => {
    const { svg, alt } = agreementChart([
      { date: '2024-05-02', nominal: null, ordinal: 0.5 },
      { date: '2024-05-01', nominal: 0.743, ordinal: 0.816 },
      { date: '2024-05-03', nominal: -0.2, ordinal: 1 },
    ]);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toContain('<script');
    const text = textOf(svg);
    expect(text).toContain('Nominal');
    expect(text).toContain('Ordinal');
    expect(text).toContain('2024-05-01');
    expect(alt).toBe(
      "Reviewer agreement (Krippendorff's alpha) over time: 2024-05-01 nominal 0.74, ordinal 0.82; " +
        '2024-05-02 nominal n/a, ordinal 0.50; 2024-05-03 nominal -0.20, ordinal 1.',
    );
    // Negative alpha extends the axis below zero.
    expect(text).toMatch(/-0\.2/);
  });
});

describe('charts under a strict Content-Security-Policy', () => {
  it('carry no style attributes, which CSP would block, and keep text styling as attributes', async () => {
    const { verdictChart } = await import('../../src/charts/index.js');
    const { svg } = verdictChart([{ label: 'True', colour: '#1a7f37', count: 3 }, { label: 'False', colour: '#c92a2a', count: 2 }]);
    expect(svg).not.toMatch(/\sstyle="/);
    expect(svg).toMatch(/<text[^>]*font-size="12px"/);
  });
});
