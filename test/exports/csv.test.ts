import { describe, expect, it } from '@jest/globals';
import { CSV_COLUMNS, neutraliseCell, reportToCsv } from '../../src/exports/csv.js';
import { entry, makeClaim, makeReport, makeSource } from './fixtures.js';

/**
 * A strict RFC 4180 reader for checking the output: quoted fields may hold commas, quotes ("")
 * and line breaks; records end in CRLF. It throws on anything malformed rather than guessing.
 */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let atFieldStart = true;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i++;
        const next = text[i];
        if (next !== ',' && next !== '\r' && next !== undefined) throw new Error(`text after closing quote at ${i}`);
      } else {
        field += ch;
        i++;
      }
    } else if (ch === '"' && atFieldStart) {
      quoted = true;
      atFieldStart = false;
      i++;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      atFieldStart = true;
      i++;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      atFieldStart = true;
      i += 2;
    } else if (ch === '"' || ch === '\n' || ch === '\r') {
      throw new Error(`unquoted ${JSON.stringify(ch)} at ${i}`);
    } else {
      field += ch;
      atFieldStart = false;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (!atFieldStart || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

function rowsAsObjects(csv: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(csv);
  if (!header) throw new Error('no header');
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])));
}

describe('reportToCsv', () => {
  it('writes a header and one row per claim with every column', () => {
    const report = makeReport({
      claims: [
        makeClaim({
          id: 'c1',
          text: 'Crime fell by 10%, "the biggest fall ever".',
          sources: [
            makeSource({ url: 'https://a.example/1', stance: 'refutes' }),
            makeSource({ url: 'https://b.example/2', stance: 'context' }),
          ],
        }),
        makeClaim({ id: 'c2', verdict: null, rationale: null, verdictBy: null, verdictAt: null, speaker: null, sources: [], status: 'new' }),
      ],
    });
    const records = parseCsv(reportToCsv(report));
    expect(records[0]).toEqual([...CSV_COLUMNS]);
    expect(records).toHaveLength(3);
    expect(records.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);

    const [first, second] = rowsAsObjects(reportToCsv(report));
    expect(first).toEqual({
      claim_id: 'c1',
      claim: 'Crime fell by 10%, "the biggest fall ever".',
      speaker: 'Jane Minister',
      type: 'quantity',
      score: '0.91',
      status: 'checked',
      verdict: 'false',
      verdict_label: 'False',
      rationale: makeClaim().rationale,
      verdict_by: 'alice',
      verdict_at: '2024-05-20T10:00:00.000Z',
      source_count: '2',
      sources: 'https://a.example/1\nhttps://b.example/2',
      stances: 'refutes\ncontext',
    });
    expect(second).toMatchObject({ claim_id: 'c2', verdict: '', verdict_label: '', rationale: '', speaker: '', source_count: '0', sources: '', stances: '' });
  });

  it('neutralises formula injection in claim text and other cells', () => {
    const report = makeReport({
      claims: [
        makeClaim({
          text: '=HYPERLINK("http://evil.example","click")',
          speaker: '@SUM(1+1)',
          rationale: '+cmd|\' /C calc\'!A0',
          verdict: entry('true'),
        }),
      ],
    });
    const [row] = rowsAsObjects(reportToCsv(report));
    expect(row?.['claim']).toBe('\'=HYPERLINK("http://evil.example","click")');
    expect(row?.['speaker']).toBe("'@SUM(1+1)");
    expect(row?.['rationale']).toBe("'+cmd|' /C calc'!A0");
  });

  it('only writes a byte order mark when asked', () => {
    const report = makeReport();
    expect(reportToCsv(report).startsWith('claim_id,')).toBe(true);
    expect(reportToCsv(report, { bom: true }).startsWith('\ufeffclaim_id,')).toBe(true);
  });

  it('writes just the header for a report without claims', () => {
    expect(parseCsv(reportToCsv(makeReport({ claims: [] })))).toEqual([[...CSV_COLUMNS]]);
  });
});

describe('neutraliseCell', () => {
  it('prefixes every formula trigger but leaves plain negative numbers and ordinary text', () => {
    for (const cell of ['=1+1', '+1', '-1+2', '@A1', '\tx', '\rx', '  =1', '-cmd']) {
      expect(neutraliseCell(cell)).toBe(`'${cell}`);
    }
    for (const cell of ['-12', '-0.5', '12', 'Growth was 3%', 'a=b', '']) {
      expect(neutraliseCell(cell)).toBe(cell);
    }
  });
});
