import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { encodeEntry, escapeJsonString, PAGE, parseJournal, planAppend, type JournalEntry } from '../../src/storage/journal.js';
import { DbFileError } from '../../src/storage/errors.js';

function entry(seq: number, text: string): JournalEntry {
  return { seq, ops: [['put', 'sources', { id: `src_${seq}`, text } as { id: string }]] };
}

/** A file image: a JSON document whose journal string is `size` spaces starting at `regionStart`. */
function image(prefixBytes: number, size: number): { buf: Buffer; regionStart: number } {
  const head = `{"pad": "${'p'.repeat(prefixBytes)}", "journal": "`;
  const buf = Buffer.from(`${head}${' '.repeat(size)}"\n}\n`, 'latin1');
  return { buf, regionStart: head.length };
}

describe('journal encoding', () => {
  it('encodes an entry as pure ASCII that decodes back to the same entry', () => {
    const e = entry(1, 'Zoë said "hi" \\ \n\t 😀 \u2028 \ud800');
    const bytes = encodeEntry(e);
    expect(bytes.every((b) => b < 0x80)).toBe(true);
    const line = JSON.parse(`"${bytes.toString('latin1')}"`) as string;
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toEqual(JSON.parse(JSON.stringify(e)));
  });

  it('keeps record ids greppable in the raw bytes', () => {
    expect(encodeEntry(entry(7, 'x')).toString('latin1')).toContain('src_7');
  });

  it('escapes any string into ASCII JSON-string content', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const body = escapeJsonString(s);
        expect(/^[\x20-\x7e]*$/.test(body)).toBe(true);
        expect(JSON.parse(`"${body}"`)).toBe(s);
      }),
    );
  });
});

describe('page-safe append plan', () => {
  it('keeps every write inside one page and every intermediate file state valid JSON', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', '"', '\\', '\n', 'é', '😀', '\u0001', 'x', 'y'), minLength: 400, maxLength: 3000 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 2 * PAGE }),
        (texts, prefix) => {
          const encoded = Buffer.concat(texts.map((t, i) => encodeEntry(entry(i + 1, t))));
          const { buf, regionStart } = image(prefix, encoded.length * 2 + 64);
          const plan = planAppend(encoded, regionStart);
          for (const w of plan.writes) {
            expect(Math.floor(w.position / PAGE)).toBe(Math.floor((w.position + w.data.length - 1) / PAGE));
            w.data.copy(buf, w.position);
            const doc = JSON.parse(buf.toString('latin1')) as { journal: string };
            // A state in the middle of a batch replays a prefix of its entries and at most drops a torn tail.
            const parsed = parseJournal('db.json', doc.journal, 0);
            expect(parsed.entries.length).toBeLessThanOrEqual(texts.length);
          }
          const doc = JSON.parse(buf.toString('latin1')) as { journal: string };
          const parsed = parseJournal('db.json', doc.journal, 0);
          expect(parsed.torn).toBe(false);
          expect(parsed.entries.map((e) => (e.ops[0]![2] as unknown as { text: string }).text)).toEqual(texts);
          expect(buf.subarray(regionStart + plan.length).toString('latin1').startsWith(' ')).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('widens a two-character escape that would cross a page boundary into its \\u form', () => {
    const encoded = Buffer.from('ab\\"cd', 'latin1');
    const plan = planAppend(encoded, PAGE - 3);
    const written = Buffer.alloc(plan.length);
    for (const w of plan.writes) w.data.copy(written, w.position - (PAGE - 3));
    expect(written.toString('latin1')).toBe('ab\\u0022cd');
    // The tail of the escape goes out before its head.
    expect(plan.writes.map((w) => w.data.toString('latin1'))).toEqual(['ab', 'u0022', '\\', 'cd']);
  });
});

describe('journal parsing', () => {
  const lines = (...entries: JournalEntry[]) => entries.map((e) => `${JSON.stringify(e)}\n`).join('');

  it('applies only the entries after the snapshot sequence number', () => {
    const parsed = parseJournal('db.json', `${lines(entry(1, 'a'), entry(2, 'b'), entry(3, 'c'))}    `, 1);
    expect(parsed.entries.map((e) => e.seq)).toEqual([2, 3]);
    expect(parsed.torn).toBe(false);
  });

  it('drops a final line that was cut short', () => {
    const full = lines(entry(1, 'a'), entry(2, 'b'));
    const parsed = parseJournal('db.json', `${full}${JSON.stringify(entry(3, 'c')).slice(0, 20)}     `, 0);
    expect(parsed.entries.map((e) => e.seq)).toEqual([1, 2]);
    expect(parsed.torn).toBe(true);
  });

  it('refuses a corrupt line that has entries after it', () => {
    const text = `${lines(entry(1, 'a'))}{"seq":2,"ops":[\n${lines(entry(3, 'c'))}`;
    expect(() => parseJournal('db.json', text, 0)).toThrow(DbFileError);
    expect(() => parseJournal('db.json', text, 0)).toThrow(/journal line 2 is corrupt/);
  });

  it('refuses a gap in the sequence of entries', () => {
    expect(() => parseJournal('db.json', lines(entry(1, 'a'), entry(3, 'c')), 0)).toThrow(/entry 2 was expected/);
  });
});
