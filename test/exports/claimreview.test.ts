import { describe, expect, it } from '@jest/globals';
import {
  claimReviewFor,
  claimReviewsFor,
  claimUrl,
  explanationFrom,
  markdownToPlainText,
  shortenAtWord,
  validateClaimReview,
} from '../../src/exports/claimreview.js';
import { entry, makeClaim, makeReport } from './fixtures.js';

describe('claimReviewFor', () => {
  it('fills every required and recommended field for a fully documented claim', () => {
    const report = makeReport();
    const claim = makeClaim();
    const review = claimReviewFor(report, claim);
    expect(review).toEqual({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: 'https://checks.example.org/reports/ar_1#claim-cl_1',
      claimReviewed: 'Unemployment has doubled since 2020.',
      reviewRating: {
        '@type': 'Rating',
        alternateName: 'False',
        ratingValue: 1,
        bestRating: 5,
        worstRating: 1,
        ratingExplanation: 'Official figures show unemployment fell from 5.2% to 4.1%. The claim compares different measures.',
      },
      author: { '@type': 'Organization', name: 'Example Checks', url: 'https://checks.example.org' },
      datePublished: '2024-05-21',
      dateModified: '2024-05-22',
      itemReviewed: {
        '@type': 'Claim',
        text: 'Unemployment has doubled since 2020.',
        author: { '@type': 'Person', name: 'Jane Minister' },
        datePublished: '2024-05-18',
        appearance: {
          '@type': 'CreativeWork',
          url: 'https://news.example.com/2024/05/jobs',
          headline: 'Minister defends jobs record',
          publisher: { '@type': 'Organization', name: 'The Daily Example' },
          datePublished: '2024-05-18',
        },
      },
    });
    expect(validateClaimReview(review).filter((i) => i.level === 'error')).toEqual([]);
    expect(validateClaimReview(review)).toEqual([]);
  });

  it('survives a JSON round trip with the schema.org context intact', () => {
    const review = claimReviewFor(makeReport(), makeClaim());
    const parsed: unknown = JSON.parse(JSON.stringify(review));
    expect(parsed).toEqual(review);
    expect(parsed).toMatchObject({ '@context': 'https://schema.org', '@type': 'ClaimReview' });
    expect(validateClaimReview(parsed)).toEqual([]);
  });

  it('maps the 0..1 crosswalk value onto 1..5', () => {
    const report = makeReport();
    const rated = (key: string): unknown => claimReviewFor(report, makeClaim({ verdict: entry(key) }))?.reviewRating.ratingValue;
    expect(rated('true')).toBe(5);
    expect(rated('mostly-true')).toBe(4);
    expect(rated('half-true')).toBe(3);
    expect(rated('mostly-false')).toBe(2);
    expect(rated('false')).toBe(1);
  });

  it('gives unordered labels a name but no number', () => {
    const review = claimReviewFor(makeReport(), makeClaim({ verdict: entry('unverifiable') }));
    expect(review?.reviewRating).toEqual({
      '@type': 'Rating',
      alternateName: 'Unverifiable',
      ratingExplanation: expect.any(String),
    });
    const issues = validateClaimReview(review);
    expect(issues.filter((i) => i.level === 'error')).toEqual([]);
    expect(issues.map((i) => i.field)).toEqual(['reviewRating.ratingValue']);
  });

  it('shortens a long claim at a word boundary and keeps the full wording in itemReviewed', () => {
    const text =
      'The government has spent more on consultants in the last three years than on all new hospital buildings combined since 2010.';
    const review = claimReviewFor(makeReport(), makeClaim({ text }));
    expect(review?.claimReviewed).toBe('The government has spent more on consultants in the last three years than…');
    expect(review?.claimReviewed.length).toBeLessThan(75);
    expect(review?.itemReviewed.text).toBe(text);
    expect(validateClaimReview(review).some((i) => i.field === 'claimReviewed')).toBe(false);
  });

  it('names the outlet as the claim author when there is no speaker', () => {
    const review = claimReviewFor(makeReport(), makeClaim({ speaker: null }));
    expect(review?.itemReviewed.author).toEqual({ '@type': 'Organization', name: 'The Daily Example' });
  });

  it('falls back to the verdict date before the report is published', () => {
    const review = claimReviewFor(makeReport({ publication: null }), makeClaim());
    expect(review?.datePublished).toBe('2024-05-20');
    expect(review?.dateModified).toBeUndefined();
  });

  it('returns null for a claim without a verdict', () => {
    expect(claimReviewFor(makeReport(), makeClaim({ verdict: null }))).toBeNull();
  });
});

describe('claimReviewsFor', () => {
  it('returns one review per rated claim, in report order', () => {
    const report = makeReport({
      claims: [makeClaim({ id: 'a' }), makeClaim({ id: 'b', verdict: null }), makeClaim({ id: 'c', verdict: entry('true') })],
    });
    expect(claimReviewsFor(report).map((r) => r.url)).toEqual([
      'https://checks.example.org/reports/ar_1#claim-a',
      'https://checks.example.org/reports/ar_1#claim-c',
    ]);
  });
});

describe('claimUrl', () => {
  it('replaces an anchor already on the report URL', () => {
    expect(claimUrl('https://x.example/r/1#top', 'c 1')).toBe('https://x.example/r/1#claim-c%201');
  });
});

describe('shortenAtWord', () => {
  it('leaves short text alone and cuts a single long word when there is no space to cut at', () => {
    expect(shortenAtWord('  Short   claim. ', 74)).toBe('Short claim.');
    const long = `https://example.com/${'a'.repeat(100)}`;
    const cut = shortenAtWord(long, 74);
    expect(cut).toHaveLength(74);
    expect(cut.endsWith('…')).toBe(true);
  });
});

describe('rating explanation', () => {
  it('strips Markdown, links, HTML and headings down to the prose', () => {
    const md = '## Summary\n\nThe [ONS](https://ons.example) says *no*. <b>Really</b> &amp; truly.\n\n```\ncode\n```';
    expect(markdownToPlainText(md)).toBe('The ONS says no. Really & truly.');
  });

  it('takes the first two sentences without splitting at abbreviations', () => {
    expect(explanationFrom('Prices rose 3.5% in the U.S. last year, e.g. in May. That is low. A third.')).toBe(
      'Prices rose 3.5% in the U.S. last year, e.g. in May. That is low.',
    );
  });

  it('keeps only one sentence when two would be too long', () => {
    const first = `${'word '.repeat(50).trim()}.`;
    const second = `${'more '.repeat(20).trim()}.`;
    expect(explanationFrom(`${first} ${second}`)).toBe(first);
  });
});

describe('validateClaimReview', () => {
  function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  }

  function fullReview(): Record<string, unknown> {
    const parsed: unknown = JSON.parse(JSON.stringify(claimReviewFor(makeReport(), makeClaim())));
    if (!isRecord(parsed)) throw new Error('expected an object');
    return parsed;
  }

  it('reports a missing rating and url as errors', () => {
    const review = fullReview();
    delete review['reviewRating'];
    delete review['url'];
    const issues = validateClaimReview(review);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'reviewRating', level: 'error' }),
        expect.objectContaining({ field: 'url', level: 'error' }),
      ]),
    );
  });

  it('reports a relative or non-http url as an error', () => {
    for (const url of ['/reports/1', 'javascript:alert(1)', 'not a url']) {
      const issues = validateClaimReview({ ...fullReview(), url });
      expect(issues).toContainEqual({ field: 'url', level: 'error', message: 'must be an absolute http(s) URL' });
    }
  });

  it('warns about missing recommended fields', () => {
    const review = fullReview();
    delete review['author'];
    delete review['datePublished'];
    delete review['itemReviewed'];
    const issues = validateClaimReview(review);
    expect(issues.every((i) => i.level === 'warning')).toBe(true);
    expect(issues.map((i) => i.field).sort()).toEqual(['author', 'datePublished', 'itemReviewed']);
  });

  it('warns about a claimReviewed of 75 characters or more', () => {
    const issues = validateClaimReview({ ...fullReview(), claimReviewed: 'x'.repeat(75) });
    expect(issues).toEqual([expect.objectContaining({ field: 'claimReviewed', level: 'warning' })]);
  });

  it('warns when the rating is written into claimReviewed', () => {
    expect(validateClaimReview({ ...fullReview(), claimReviewed: 'FALSE: unemployment has doubled' })).toEqual([
      expect.objectContaining({ field: 'claimReviewed', level: 'warning' }),
    ]);
    expect(validateClaimReview({ ...fullReview(), claimReviewed: 'Unemployment has doubled (False)' })).toHaveLength(1);
    // The word inside the claim's own sentence is not a rating.
    expect(validateClaimReview({ ...fullReview(), claimReviewed: 'False alarms doubled since 2020' })).toEqual([]);
  });

  it('reports a ratingValue outside worstRating..bestRating as an error', () => {
    const review = fullReview();
    const rating = { '@type': 'Rating', alternateName: 'False', ratingValue: 7, bestRating: 5, worstRating: 1 };
    expect(validateClaimReview({ ...review, reviewRating: rating })).toEqual([
      expect.objectContaining({ field: 'reviewRating.ratingValue', level: 'error' }),
    ]);
    expect(validateClaimReview({ ...review, reviewRating: { ...rating, ratingValue: 'high' } })).toEqual([
      expect.objectContaining({ field: 'reviewRating.ratingValue', level: 'error' }),
    ]);
  });

  it('requires the rating in words', () => {
    const review = { ...fullReview(), reviewRating: { '@type': 'Rating', ratingValue: 1, bestRating: 5, worstRating: 1 } };
    expect(validateClaimReview(review)).toEqual([
      expect.objectContaining({ field: 'reviewRating.alternateName', level: 'error' }),
    ]);
  });

  it('rejects things that are not a ClaimReview at all', () => {
    expect(validateClaimReview(null)).toEqual([expect.objectContaining({ level: 'error' })]);
    const issues = validateClaimReview({ '@context': 'https://example.org', '@type': 'Review' });
    expect(issues.filter((i) => i.level === 'error').map((i) => i.field)).toEqual(
      expect.arrayContaining(['@context', '@type', 'claimReviewed', 'reviewRating', 'url']),
    );
  });
});
