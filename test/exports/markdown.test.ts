import { describe, expect, it } from '@jest/globals';
import { Lexer, marked } from 'marked';
import type { Token } from 'marked';
import { embedRationale, escapeMarkdownInline, reportToMarkdown } from '../../src/exports/markdown.js';
import { entry, makeClaim, makeReport, makeSource } from './fixtures.js';

function headings(md: string): string[] {
  return Lexer.lex(md)
    .filter((t): t is Token & { type: 'heading' } => t.type === 'heading')
    .map((t) => `${'#'.repeat('depth' in t && typeof t.depth === 'number' ? t.depth : 0)} ${'text' in t ? String(t.text) : ''}`);
}

function tables(md: string): Token[] {
  return Lexer.lex(md).filter((t) => t.type === 'table');
}

describe('reportToMarkdown', () => {
  it('lays out title, article facts, verdict table and one section per claim', () => {
    const report = makeReport({
      claims: [
        makeClaim({ id: 'a', verdict: entry('false') }),
        makeClaim({ id: 'b', text: 'Waiting lists are the shortest in a decade.', verdict: null, speaker: null, rationale: null }),
      ],
    });
    const md = reportToMarkdown(report);
    expect(headings(md)).toEqual([
      '# Fact-check: Minister defends jobs record',
      '## Verdicts',
      '## Claims',
      '### Claim 1',
      '#### Sources',
      '### Claim 2',
      '#### Sources',
    ]);
    expect(md).toContain('- **Outlet:** The Daily Example');
    expect(md).toContain('- **Article:** [https://news.example.com/2024/05/jobs](<https://news.example.com/2024/05/jobs>)');
    expect(md).toContain('- **Published:** 2024-05-18');
    expect(md).toContain('| False | 1 |');
    expect(md).toContain('| True | 0 |');
    expect(md).toContain('| Not yet rated | 1 |');
    expect(md).toContain('> Unemployment has doubled since 2020.');
    expect(md).toContain('- **Speaker:** Jane Minister');
    expect(md).toContain('- **Verdict:** **False**');
    expect(md).toContain('Official figures show unemployment **fell** from 5.2% to 4.1%.');
    expect(md).toContain(
      '- [Labour market statistics, May 2024](<https://stats.example.gov/unemployment-2024>) — National Statistics Office — 2024-05-14 — *refutes*',
    );
    expect(md).toContain('  > The unemployment rate was 4.1%.');
    expect(md).toContain('- **Verdict:** Not yet rated');
  });

  it('renders claim text as text even when it looks like Markdown', () => {
    const report = makeReport({
      article: { ...makeReport().article, title: '# Breaking | *news* [x](javascript:alert(1))' },
      claims: [makeClaim({ text: '# 1. Taxes | rose\n\n- by *50%* <script>x</script>' })],
    });
    const md = reportToMarkdown(report);
    expect(headings(md)[0]).toBe('# Fact-check: \\# Breaking \\| \\*news\\* \\[x\\](javascript:alert(1))');
    const html = marked.parse(md, { async: false });
    expect(html).toContain('<h1>Fact-check: # Breaking | *news* [x](javascript:alert(1))</h1>');
    expect(html).toContain('<blockquote>\n<p># 1. Taxes | rose - by *50%* &lt;script&gt;x&lt;/script&gt;</p>\n</blockquote>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('href="javascript');
  });

  it('keeps the verdict table at two columns when a label contains a pipe', () => {
    const odd = { key: 'odd', label: 'True | False', rank: null, value: null, colour: '#000000' };
    const report = makeReport({ scale: [odd], claims: [makeClaim({ verdict: odd })] });
    const [table] = tables(reportToMarkdown(report));
    expect(table && 'header' in table && Array.isArray(table.header) ? table.header.length : -1).toBe(2);
    expect(table && 'rows' in table && Array.isArray(table.rows) ? table.rows.map((r: unknown[]) => r.length) : []).toEqual([2]);
  });

  it('keeps a rationale with headings and an unclosed code fence inside its claim', () => {
    const report = makeReport({
      claims: [
        makeClaim({ id: 'a', rationale: '# Finding\n\nIt is false.\n\n```\nunclosed code' }),
        makeClaim({ id: 'b', text: 'Second claim.' }),
      ],
    });
    const md = reportToMarkdown(report);
    expect(headings(md)).toEqual([
      '# Fact-check: Minister defends jobs record',
      '## Verdicts',
      '## Claims',
      '### Claim 1',
      '#### Finding',
      '#### Sources',
      '### Claim 2',
      '#### Sources',
    ]);
  });

  it('keeps a source note apart from the source quote', () => {
    const report = makeReport({ claims: [makeClaim({ sources: [makeSource({ note: 'Seasonally adjusted.', quote: 'Rate: 4.1%.' })] })] });
    const html = marked.parse(reportToMarkdown(report), { async: false });
    expect(html).toContain('<em>Note:</em> Seasonally adjusted.');
    expect(html).toMatch(/<blockquote>\s*<p>Rate: 4\.1%\.<\/p>\s*<\/blockquote>/);
  });

  it('shows sources with unsafe URLs as text, not links', () => {
    const report = makeReport({
      claims: [makeClaim({ sources: [makeSource({ url: 'javascript:alert(1)', title: 'Bad', publisher: null, date: null, quote: null })] })],
    });
    const md = reportToMarkdown(report);
    expect(md).toContain('- Bad (javascript:alert(1)) — *refutes*');
    expect(marked.parse(md, { async: false })).not.toContain('href="javascript');
  });

  it('mentions the publication version and correction', () => {
    const report = makeReport({
      publication: { version: 2, datePublished: '2024-05-21T09:00:00Z', dateModified: '2024-05-23T09:00:00Z', correction: 'Fixed a *typo*.' },
    });
    const md = reportToMarkdown(report);
    expect(md).toContain('- **Report version:** 2, published 2024-05-21, updated 2024-05-23');
    expect(md).toContain('- **Correction:** Fixed a \\*typo\\*.');
  });
});

describe('escapeMarkdownInline', () => {
  it('escapes line-start markers that only matter at the start', () => {
    expect(escapeMarkdownInline('- item')).toBe('\\- item');
    expect(escapeMarkdownInline('+ item')).toBe('\\+ item');
    expect(escapeMarkdownInline('2024. A year')).toBe('2024\\. A year');
    expect(escapeMarkdownInline('a - b. 3. c')).toBe('a - b. 3. c');
  });
});

describe('embedRationale', () => {
  it('demotes headings below the claim heading and leaves other Markdown as written', () => {
    expect(embedRationale('# Top\n\nSome *text*.\n\n### Deep\n\n- a list')).toBe('#### Top\n\nSome *text*.\n\n###### Deep\n\n- a list');
  });

  it('closes an unterminated HTML comment so it cannot hide what follows', () => {
    expect(embedRationale('Text.\n\n<!-- never closed')).toBe('Text.\n\n<!-- never closed\n-->');
  });
});
