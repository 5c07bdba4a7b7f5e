import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { extractClaims, guessFormat } from '../../src/extraction/index.js';
import type { ExtractionResult } from '../../src/extraction/index.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/extraction/${name}`, import.meta.url), 'utf8');

function summary(r: ExtractionResult): unknown {
  return {
    title: r.title,
    clutter: r.clutter.map((c) => ({ kind: c.kind, text: r.text.slice(c.start, c.end) })),
    claims: r.claims.map((c) => ({ text: c.text, type: c.type, speaker: c.speaker, checkWorthy: c.score >= 0.5 })),
  };
}

describe('extractClaims on the golden fixtures', () => {
  for (const name of ['harbour-levy.txt', 'vaccine-clinics.md', 'river-dam.html']) {
    it(`extracts ${name} as its expected file says`, () => {
      const result = extractClaims(fixture(name), { format: guessFormat(name) });
      const expected: unknown = JSON.parse(fixture(name.replace(/\.\w+$/, '.expected.json')));
      const { sentences: _ignored, ...rest } = expected as Record<string, unknown>;
      expect(summary(result)).toEqual(rest);
    });
  }

  it('keeps every claim offset pointing at its text and outside clutter', () => {
    for (const name of ['harbour-levy.txt', 'vaccine-clinics.md', 'river-dam.html']) {
      const r = extractClaims(fixture(name), { format: guessFormat(name) });
      for (const c of r.claims) {
        expect(r.text.slice(c.start, c.end)).toBe(c.text);
        for (const s of r.clutter) expect(c.end <= s.start || c.start >= s.end).toBe(true);
      }
    }
  });

  it('leaves clutter visible in pasted text', () => {
    const r = extractClaims(fixture('harbour-levy.txt'), { format: 'text' });
    expect(r.text).toContain('Subscribe to our newsletter');
    expect(r.clutter.map((c) => c.kind)).toEqual(expect.arrayContaining(['copyright', 'share', 'newsletter', 'read-more', 'related', 'photo-credit', 'byline', 'section-tag']));
  });

  it('drops scripts, navigation, cookie banners, related links and footers from HTML', () => {
    const r = extractClaims(fixture('river-dam.html'), { format: 'html' });
    for (const gone of ['tracking', 'We use cookies', 'Home', 'Power cuts hit northern towns', 'All rights reserved', 'Ines Varga', 'morning newsletter', 'By Kofi Mensah']) {
      expect(r.text).not.toContain(gone);
    }
    expect(r.text).toContain('silt has cut the Kessa dam’s generating capacity by 31%');
  });

  it('renders Markdown to plain text without markup', () => {
    const r = extractClaims('# Title here\n\nA **bold** claim with [a link](https://x.test) and `code`.\n\n- one item\n- two items\n', { format: 'markdown' });
    expect(r.title).toBe('Title here');
    expect(r.text).toBe('Title here\n\nA bold claim with a link and code.\n\none item\ntwo items');
  });

  it('falls back to the body text when readability finds no article', () => {
    const r = extractClaims('<html><body><p>Tax rose 4% in 2024.</p></body></html>', { format: 'html' });
    expect(r.text).toBe('Tax rose 4% in 2024.');
    expect(r.claims.map((c) => c.text)).toEqual(['Tax rose 4% in 2024.']);
  });
});

describe('check-worthiness scores', () => {
  const score = (s: string): number => extractClaims(s, { format: 'text' }).claims[0]?.score ?? -1;

  it('scores questions, greetings and first-person opinions below 0.5', () => {
    for (const s of ['Did unemployment really fall by 5% in 2023?', 'Good morning and welcome to the programme!', 'I think the new stadium is a waste of money.', 'We believe the council should resign.']) {
      expect(score(s)).toBeLessThan(0.5);
    }
  });

  it('scores concrete factual statements at 0.5 or more', () => {
    for (const s of ['Unemployment fell to 4.1% in March, the lowest rate since 2008.', 'The bridge was closed to traffic on Monday.', 'Under the new law, landlords must register every rental property.', 'The drought caused wheat prices to rise by a third.']) {
      expect(score(s)).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('explains a score with readable reasons', () => {
    const c = extractClaims('Crime fell 12% in 2023 compared with 2022, according to police data.', { format: 'text' }).claims[0];
    expect(c?.reasons).toEqual(expect.arrayContaining(['contains a quantity (12%)', 'makes a comparison', 'mentions a date', 'cites a named source']));
    const q = extractClaims('Is that really true?', { format: 'text' }).claims[0];
    expect(q?.reasons).toEqual(expect.arrayContaining(['question', 'too short']));
  });
});

describe('claim types', () => {
  const typeOf = (s: string): string | undefined => extractClaims(s, { format: 'text' }).claims[0]?.type;

  it('recognises each claim type from its wording', () => {
    expect(typeOf('Hospital waiting lists grew by 40,000 patients last year.')).toBe('quantity');
    expect(typeOf('Smoking bans led to fewer heart attacks among bar staff.')).toBe('correlation_causation');
    expect(typeOf('Under the Highway Code, cyclists are allowed to ride two abreast.')).toBe('law_rule');
    expect(typeOf('The central bank will raise interest rates again next month.')).toBe('prediction');
    expect(typeOf('When I was a child my family lived on one small farm near the river.')).toBe('personal_experience');
    expect(typeOf('The mayor opened the new library on the east side.')).toBe('other');
    expect(typeOf('Why does nobody ask about the budget?')).toBe('not_a_claim');
  });
});

describe('speakers', () => {
  const speakers = (s: string): Array<string | null> => extractClaims(s, { format: 'text' }).claims.map((c) => c.speaker);

  it('finds speakers before and after the speech verb and after "according to"', () => {
    expect(speakers('Maria Santos said the mine had closed.')).toEqual(['Maria Santos']);
    expect(speakers('"The mine has closed," said Maria Santos.')).toEqual(['Maria Santos']);
    expect(speakers('The mine closed in 2019, according to Maria Santos.')).toEqual(['Maria Santos']);
    expect(speakers('Maria Santos told reporters the mine had closed.')).toEqual(['Maria Santos']);
    expect(speakers('The mine closed in 2019.')).toEqual([null]);
  });

  it('shortens a titled name and maps a later surname back to the full name', () => {
    expect(speakers('Health Minister Jane Doe said clinics would open. Doe said 40 clinics were ready.')).toEqual(['Jane Doe', 'Jane Doe']);
  });

  it('keeps an honorific only when the surname alone is all the text gives', () => {
    expect(speakers('Dr. Patel said the trial had ended.')).toEqual(['Dr. Patel']);
    expect(speakers('Dr. Amir Patel said the trial had ended.')).toEqual(['Amir Patel']);
  });

  it('gives every sentence of a multi-sentence quote the speaker named after it', () => {
    expect(speakers('“Fares will rise. Services will not improve,” said Tom Reid.')).toEqual(['Tom Reid', 'Tom Reid']);
  });

  it('carries a speaker into the next quoted sentence and resolves pronouns and back-references', () => {
    expect(speakers('“We are ready,” Ana Costa said. “The money is there.”')).toEqual(['Ana Costa', 'Ana Costa']);
    expect(speakers('Ana Costa met the union. She said talks would resume.')).toEqual([null, 'Ana Costa']);
    expect(speakers('Ana Costa leads the agency. The official added that 30 staff had left.')).toEqual([null, 'Ana Costa']);
  });
});

describe('titles and formats', () => {
  it('takes a short unpunctuated first line as the title and makes no claim of it', () => {
    const r = extractClaims('Council doubles harbour levy\nThe council voted on Tuesday to double the levy.', { format: 'text' });
    expect(r.title).toBe('Council doubles harbour levy');
    expect(r.claims.map((c) => c.text)).toEqual(['The council voted on Tuesday to double the levy.']);
  });

  it('has no title when the first line is a sentence', () => {
    expect(extractClaims('The council voted.\nIt was late.', { format: 'text' }).title).toBeNull();
  });

  it('guesses the format from the file name, then the content', () => {
    expect(guessFormat('story.md')).toBe('markdown');
    expect(guessFormat('story.markdown')).toBe('markdown');
    expect(guessFormat('page.HTM')).toBe('html');
    expect(guessFormat(undefined, '  <!DOCTYPE html><p>x</p>')).toBe('html');
    expect(guessFormat('paste.bin', '<html><body></body></html>')).toBe('html');
    expect(guessFormat(undefined, 'Plain words.')).toBe('text');
  });

  it('normalises line endings and exotic spaces but keeps the words', () => {
    const r = extractClaims('Rates\u00a0rose 2%.\r\nThey fell\u200b later.', { format: 'text' });
    expect(r.text).toBe('Rates rose 2%.\nThey fell later.');
  });
});
