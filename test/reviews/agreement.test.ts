import { describe, expect, it } from '@jest/globals';
import {
  agreementReport,
  cohensKappa,
  cohensKappaParts,
  krippendorffAlpha,
  percentAgreement,
} from '../../src/reviews/agreement.js';
import type { ScaleEntry } from '../../src/storage/records.js';

/** Krippendorff's worked example: rows are coders A-D, columns units 1-12, null = missing. */
function krippendorffExample(): Array<Array<number | null>> {
  const coders: Array<Array<number | null>> = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
    [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
  ];
  return Array.from({ length: 12 }, (_, unit) => coders.map((row) => row[unit] ?? null));
}

function scale(): ScaleEntry[] {
  return [
    { key: 'true', label: 'True', rank: 1, value: 1, colour: '#2a9d55' },
    { key: 'mostly-true', label: 'Mostly true', rank: 2, value: 0.75, colour: '#8ac926' },
    { key: 'half-true', label: 'Half true', rank: 3, value: 0.5, colour: '#ffca3a' },
    { key: 'false', label: 'False', rank: 4, value: 0, colour: '#d62828' },
    { key: 'unverifiable', label: 'Unverifiable', rank: null, value: null, colour: '#888888' },
  ];
}

describe('krippendorffAlpha', () => {
  it('reproduces the nominal, ordinal and interval values of Krippendorff\'s worked example', () => {
    const units = krippendorffExample();
    expect(krippendorffAlpha(units, 'nominal')?.toFixed(3)).toBe('0.743');
    expect(krippendorffAlpha(units, 'ordinal')?.toFixed(3)).toBe('0.815');
    expect(krippendorffAlpha(units, 'interval')?.toFixed(3)).toBe('0.849');
  });

  it('gives the same nominal alpha when the numbers are written as labels', () => {
    const labelled = krippendorffExample().map((unit) => unit.map((r) => (r === null ? null : `v${r}`)));
    expect(krippendorffAlpha(labelled, 'nominal')?.toFixed(3)).toBe('0.743');
  });

  it('is undefined when every pairable rating is the same value', () => {
    expect(krippendorffAlpha([[2, 2], [2, 2, 2], [2, null]], 'nominal')).toBeNull();
    expect(krippendorffAlpha([[2, 2], [2, 2, 2]], 'ordinal')).toBeNull();
    expect(krippendorffAlpha([[2, 2], [2, 2, 2]], 'interval')).toBeNull();
  });

  it('is undefined with no units or only single ratings', () => {
    expect(krippendorffAlpha([], 'nominal')).toBeNull();
    expect(krippendorffAlpha([[1], [null, 2], [null, null]], 'interval')).toBeNull();
  });

  it('computes a value for a single disagreeing unit without dividing by zero', () => {
    // One unit rated 1 and 2: observed disagreement equals expected, times (n-1)=1 -> alpha 0.
    expect(krippendorffAlpha([[1, 2]], 'nominal')).toBe(0);
  });

  it('is 1 for perfect agreement across different values', () => {
    expect(krippendorffAlpha([[1, 1], [3, 3, 3], [2, 2]], 'ordinal')).toBe(1);
  });

  it('orders ordinal values by number, not by the order they first appear', () => {
    const shuffled = [[3, 3], [1, 2], [2, 2], [1, 1], [3, 2]];
    const sorted = [[1, 1], [1, 2], [2, 2], [3, 2], [3, 3]];
    expect(krippendorffAlpha(shuffled, 'ordinal')).toBeCloseTo(krippendorffAlpha(sorted, 'ordinal') ?? Number.NaN, 12);
    // Spacing does not matter at the ordinal level: relabelling 3 as 30 keeps the ranks.
    const stretched = sorted.map((unit) => unit.map((v) => (v === 3 ? 30 : v)));
    expect(krippendorffAlpha(stretched, 'ordinal')).toBeCloseTo(krippendorffAlpha(sorted, 'ordinal') ?? Number.NaN, 12);
    expect(krippendorffAlpha(stretched, 'interval')).not.toBeCloseTo(krippendorffAlpha(sorted, 'interval') ?? Number.NaN, 3);
  });
});

describe('percentAgreement', () => {
  it('averages the share of agreeing ordered pairs over units', () => {
    // Unit 1: all agree (1). Unit 2: A,A,B -> 2 agreeing ordered pairs of 6. Unit 3 dropped.
    expect(percentAgreement([['a', 'a'], ['a', 'a', 'b'], ['a', null]])).toBeCloseTo((1 + 2 / 6) / 2, 12);
  });

  it('is null when no unit has two ratings', () => {
    expect(percentAgreement([])).toBeNull();
    expect(percentAgreement([['a'], [null, 'b']])).toBeNull();
  });
});

describe('cohensKappa', () => {
  function fiftyItems(): Array<[string, string]> {
    const pairs: Array<[string, string]> = [];
    const add = (a: string, b: string, times: number): void => {
      for (let i = 0; i < times; i++) pairs.push([a, b]);
    };
    add('yes', 'yes', 20);
    add('yes', 'no', 5);
    add('no', 'yes', 10);
    add('no', 'no', 15);
    return pairs;
  }

  it('matches the two-rater example: p_o 0.70, p_e 0.50, kappa 0.400', () => {
    const parts = cohensKappaParts(fiftyItems());
    expect(parts?.observed).toBeCloseTo(0.7, 12);
    expect(parts?.expected).toBeCloseTo(0.5, 12);
    expect(cohensKappa(fiftyItems())?.toFixed(3)).toBe('0.400');
  });

  it('is null when both raters always use one and the same label', () => {
    expect(cohensKappa([['yes', 'yes'], ['yes', 'yes']])).toBeNull();
    expect(cohensKappa([])).toBeNull();
  });
});

describe('agreementReport', () => {
  it('counts claims with two or more reviews and the reviewers among them', () => {
    const report = agreementReport({
      scale: scale(),
      claims: [
        { claimId: 'c1', reviews: [{ reviewerId: 'ann', verdict: 'true' }, { reviewerId: 'bob', verdict: 'true' }] },
        { claimId: 'c2', reviews: [{ reviewerId: 'ann', verdict: 'false' }, { reviewerId: 'bob', verdict: 'half-true' }] },
        { claimId: 'c3', reviews: [{ reviewerId: 'cy', verdict: 'false' }] },
      ],
    });
    expect(report.claims).toBe(2);
    expect(report.reviewers).toBe(2);
    expect(report.percent).toBe(0.5);
    expect(report.disagreements).toEqual(['c2']);
    expect(report.pairwise).toHaveLength(1);
    const [pair] = report.pairwise;
    expect(pair).toMatchObject({ a: 'ann', b: 'bob', shared: 2, percent: 0.5 });
    // p_o 0.5, p_e 0.25 -> kappa 1/3.
    expect(pair?.kappa).toBeCloseTo(1 / 3, 12);
  });

  it('drops unordered labels from ordinal alpha but keeps them in nominal alpha', () => {
    const claims = [
      { claimId: 'c1', reviews: [{ reviewerId: 'ann', verdict: 'true' }, { reviewerId: 'bob', verdict: 'true' }] },
      { claimId: 'c2', reviews: [{ reviewerId: 'ann', verdict: 'false' }, { reviewerId: 'bob', verdict: 'false' }] },
      { claimId: 'c3', reviews: [{ reviewerId: 'ann', verdict: 'unverifiable' }, { reviewerId: 'bob', verdict: 'half-true' }] },
    ];
    const report = agreementReport({ scale: scale(), claims });
    expect(report.alpha.ordinal).toBe(1);
    expect(report.alpha.nominal).not.toBeNull();
    expect(report.alpha.nominal ?? 1).toBeLessThan(1);
    // Same as computing directly on the labels.
    expect(report.alpha.nominal).toBe(
      krippendorffAlpha([['true', 'true'], ['false', 'false'], ['unverifiable', 'half-true']], 'nominal'),
    );
  });

  it('treats near-miss ordinal verdicts as closer than distant ones', () => {
    const near = agreementReport({
      scale: scale(),
      claims: [
        { claimId: 'a', reviews: [{ reviewerId: 'r1', verdict: 'true' }, { reviewerId: 'r2', verdict: 'mostly-true' }] },
        { claimId: 'b', reviews: [{ reviewerId: 'r1', verdict: 'false' }, { reviewerId: 'r2', verdict: 'false' }] },
        { claimId: 'c', reviews: [{ reviewerId: 'r1', verdict: 'half-true' }, { reviewerId: 'r2', verdict: 'half-true' }] },
      ],
    });
    const far = agreementReport({
      scale: scale(),
      claims: [
        { claimId: 'a', reviews: [{ reviewerId: 'r1', verdict: 'true' }, { reviewerId: 'r2', verdict: 'false' }] },
        { claimId: 'b', reviews: [{ reviewerId: 'r1', verdict: 'mostly-true' }, { reviewerId: 'r2', verdict: 'mostly-true' }] },
        { claimId: 'c', reviews: [{ reviewerId: 'r1', verdict: 'half-true' }, { reviewerId: 'r2', verdict: 'half-true' }] },
      ],
    });
    expect(near.alpha.ordinal ?? -1).toBeGreaterThan(far.alpha.ordinal ?? 1);
    expect(near.alpha.nominal).toBeCloseTo(far.alpha.nominal ?? Number.NaN, 12);
  });

  it('counts a reviewer once per claim, keeping the later review', () => {
    const report = agreementReport({
      scale: scale(),
      claims: [
        {
          claimId: 'c1',
          reviews: [
            { reviewerId: 'ann', verdict: 'false' },
            { reviewerId: 'ann', verdict: 'true' },
            { reviewerId: 'bob', verdict: 'true' },
          ],
        },
      ],
    });
    expect(report.reviewers).toBe(2);
    expect(report.disagreements).toEqual([]);
    expect(report.percent).toBe(1);
  });

  it('compares reviewers with the final verdict, including claims with a single review', () => {
    const report = agreementReport({
      scale: scale(),
      claims: [
        {
          claimId: 'c1',
          finalVerdict: 'true',
          reviews: [{ reviewerId: 'ann', verdict: 'true' }, { reviewerId: 'bob', verdict: 'mostly-true' }],
        },
        { claimId: 'c2', finalVerdict: 'false', reviews: [{ reviewerId: 'ann', verdict: 'false' }] },
        { claimId: 'c3', finalVerdict: null, reviews: [{ reviewerId: 'ann', verdict: 'false' }] },
        { claimId: 'c4', finalVerdict: 'false', reviews: [] },
      ],
    });
    expect(report.againstFinal.claims).toBe(2);
    expect(report.againstFinal.percent).toBeCloseTo(2 / 3, 12);
    expect(report.againstFinal.alpha.nominal).toBe(
      krippendorffAlpha([['true', 'mostly-true', 'true'], ['false', 'false']], 'nominal'),
    );
    expect(report.againstFinal.alpha.ordinal).toBe(krippendorffAlpha([[1, 2, 1], [4, 4]], 'ordinal'));
  });

  it('reports nothing measurable for an empty project', () => {
    const report = agreementReport({ scale: scale(), claims: [] });
    expect(report).toEqual({
      claims: 0,
      reviewers: 0,
      percent: null,
      alpha: { nominal: null, ordinal: null },
      pairwise: [],
      disagreements: [],
      againstFinal: { claims: 0, percent: null, alpha: { nominal: null, ordinal: null } },
    });
  });
});
