import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { extractClaims, segmentSentences } from '../../src/extraction/index.js';

const messy = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.array(fc.constantFrom('U.S.', 'Dr.', ' ', '\n', '"', '“', '”', "'", '’', '...', '. ', '?', '!', '(', ')', '[', ']', '1.', 'a)', '•', 'שלום', 'مرحبا', '😀', '👩‍👩‍👧', 'Mr', 'said', 'Exclusive', '\r\n', '\u00a0', '``', "''", '©'), { maxLength: 120 }).map((parts) => parts.join('')),
);

describe('properties on arbitrary input', () => {
  it('segments any string into ordered in-range trimmed spans', () => {
    fc.assert(
      fc.property(messy, fc.boolean(), (text, splitInsideQuotes) => {
        const spans = segmentSentences(text, { splitInsideQuotes });
        let previousEnd = 0;
        for (const s of spans) {
          expect(s.start).toBeGreaterThanOrEqual(previousEnd);
          expect(s.end).toBeGreaterThan(s.start);
          expect(s.end).toBeLessThanOrEqual(text.length);
          const piece = text.slice(s.start, s.end);
          expect(piece.trim()).toBe(piece);
          previousEnd = s.end;
        }
      }),
      { numRuns: 400 },
    );
  });

  it('extracts claims from any string in every format without throwing, with exact offsets', () => {
    fc.assert(
      fc.property(messy, fc.constantFrom('text' as const, 'markdown' as const, 'html' as const), (input, format) => {
        const r = extractClaims(input, { format });
        for (const c of r.claims) {
          expect(c.start).toBeGreaterThanOrEqual(0);
          expect(c.end).toBeLessThanOrEqual(r.text.length);
          expect(r.text.slice(c.start, c.end)).toBe(c.text);
          expect(c.score).toBeGreaterThanOrEqual(0);
          expect(c.score).toBeLessThanOrEqual(1);
          for (const s of r.clutter) expect(c.end <= s.start || c.start >= s.end).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('accepts input without a format by guessing one', () => {
    expect(extractClaims('').claims).toEqual([]);
    expect(extractClaims('<!doctype html><p>Hello.</p>').text).toBe('Hello.');
  });
});

describe('pathological 5 MB inputs', () => {
  const FIVE_MB = 5 * 1024 * 1024;
  const big = (unit: string): string => unit.repeat(Math.ceil(FIVE_MB / unit.length));

  for (const unit of ['a.', '...', '"', "''", '“”', '. ', 'U.S. ', '1. ', '(', 'x', '\n']) {
    it(`completes on ${JSON.stringify(unit)} repeated to 5 MB`, () => {
      const text = big(unit);
      const spans = segmentSentences(text);
      for (const s of spans.slice(0, 50)) expect(s.end).toBeGreaterThan(s.start);
      expect(spans.length).toBeGreaterThanOrEqual(0);
    });
  }

  it('extracts claims from a 5 MB run of short sentences', () => {
    const r = extractClaims(big('The rate rose 5% in 2024. '), { format: 'text' });
    expect(r.claims.length).toBeGreaterThan(100000);
    const last = r.claims[r.claims.length - 1];
    expect(last && r.text.slice(last.start, last.end)).toBe(last?.text);
  });
});
