import { describe, expect, it } from '@jest/globals';
import { verdictSummary } from '../../src/exports/report-types.js';
import { entry, makeClaim, makeReport } from './fixtures.js';

describe('verdictSummary', () => {
  it('counts claims per verdict in scale order, keeps zero rows, and counts unrated claims apart', () => {
    const report = makeReport({
      claims: [
        makeClaim({ id: 'a', verdict: entry('false') }),
        makeClaim({ id: 'b', verdict: entry('true') }),
        makeClaim({ id: 'c', verdict: entry('false') }),
        makeClaim({ id: 'd', verdict: null }),
      ],
    });
    const { rows, unrated } = verdictSummary(report);
    expect(rows.map((r) => [r.entry.key, r.count])).toEqual([
      ['true', 1],
      ['mostly-true', 0],
      ['half-true', 0],
      ['mostly-false', 0],
      ['false', 2],
      ['unverifiable', 0],
    ]);
    expect(unrated).toBe(1);
  });

  it('keeps a verdict whose key left the scale as an extra row after the scale', () => {
    const retired = { key: 'pants-on-fire', label: 'Pants on fire', rank: 6, value: 0, colour: '#000000' };
    const report = makeReport({ claims: [makeClaim({ verdict: retired }), makeClaim({ id: 'x', verdict: retired })] });
    const { rows } = verdictSummary(report);
    expect(rows.at(-1)).toEqual({ entry: retired, count: 2 });
    expect(rows).toHaveLength(7);
  });
});
