/**
 * A report as a Markdown document. Text typed by users (titles, claims, names, quotes) is escaped so
 * it reads as text; rationales are Markdown already and are kept, with their headings demoted and
 * unclosed blocks closed so they cannot swallow or outrank the rest of the document.
 */
import { Lexer } from 'marked';
import type { ClaimType, Stance } from '../storage/records.js';
import type { ReportClaim, ReportData, ReportSource } from './report-types.js';
import { verdictSummary } from './report-types.js';

const TYPE_LABELS: Record<ClaimType, string> = {
  quantity: 'Quantity',
  correlation_causation: 'Correlation or causation',
  law_rule: 'Law or rule',
  prediction: 'Prediction',
  personal_experience: 'Personal experience',
  other: 'Other',
  not_a_claim: 'Not a claim',
};

const STANCE_LABELS: Record<Stance, string> = {
  supports: 'supports',
  refutes: 'refutes',
  context: 'context',
};

/** Rationale headings start at this level, below the report's own "### Claim n" headings. */
const RATIONALE_TOP_DEPTH = 4;

/**
 * User text as one line of literal Markdown text. Every character Markdown could read as syntax is
 * backslash-escaped (CommonMark allows escaping any ASCII punctuation), and line breaks are folded
 * into spaces because the places this text goes (headings, table cells, list items) are one line.
 */
export function escapeMarkdownInline(text: string): string {
  const escaped = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>|~#&!]/g, '\\$&');
  // Markers that only mean something at the start of a line: list items, ordered lists, setext
  // underlines. The text may begin a line (blockquote, heading), so they are always escaped there.
  return escaped.replace(/^([-+=])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

function isHttpUrl(url: string): boolean {
  if (/\s/.test(url) || !URL.canParse(url)) return false;
  const { protocol } = new URL(url);
  return protocol === 'http:' || protocol === 'https:';
}

/** A link only for http(s) URLs; anything else (javascript:, relative, broken) is shown as text. */
function link(label: string, url: string | null): string {
  const text = escapeMarkdownInline(label);
  if (url === null || url.trim() === '') return text;
  if (!isHttpUrl(url)) return `${text} (${escapeMarkdownInline(url)})`;
  const target = url.replace(/[<>]/g, (c) => encodeURIComponent(c));
  return `[${text || escapeMarkdownInline(url)}](<${target}>)`;
}

function day(value: string | null): string | null {
  if (value === null) return null;
  const match = /^\d{4}-\d{2}-\d{2}/.exec(value.trim());
  return match ? match[0] : escapeMarkdownInline(value);
}

const RAW_HTML_CLOSERS: Array<[RegExp, string]> = [
  [/^ {0,3}<!--/, '-->'],
  [/^ {0,3}<pre[\s>]/i, '</pre>'],
  [/^ {0,3}<script[\s>]/i, '</script>'],
  [/^ {0,3}<style[\s>]/i, '</style>'],
  [/^ {0,3}<textarea[\s>]/i, '</textarea>'],
];

/**
 * A rationale ready to sit inside the report: headings shifted below the claim heading, and a code
 * fence or raw-HTML block left open at the end closed, since either would otherwise run on over
 * every claim that follows.
 */
export function embedRationale(markdown: string): string {
  const tokens = Lexer.lex(markdown.replace(/\r\n?/g, '\n'));
  let out = '';
  for (const token of tokens) {
    let raw = token.raw;
    if (token.type === 'heading' && 'depth' in token && typeof token.depth === 'number' && 'text' in token && typeof token.text === 'string') {
      const depth = Math.min(6, token.depth + RATIONALE_TOP_DEPTH - 1);
      const trailing = /\n*$/.exec(raw)?.[0] ?? '';
      raw = `${'#'.repeat(depth)} ${token.text.replace(/\s+/g, ' ').trim()}${trailing}`;
    } else if (token.type === 'code') {
      const fence = /^ {0,3}(`{3,}|~{3,})/.exec(raw)?.[1];
      if (fence !== undefined) {
        const lines = raw.trimEnd().split('\n');
        const last = lines.length > 1 ? (lines[lines.length - 1] ?? '').trim() : '';
        const closed = last.startsWith(fence) && /^(`+|~+)$/.test(last) && last[0] === fence[0];
        if (!closed) raw = `${raw.replace(/\n*$/, '')}\n${fence}\n`;
      }
    } else if (token.type === 'html') {
      for (const [opener, closer] of RAW_HTML_CLOSERS) {
        if (opener.test(raw) && !raw.toLowerCase().includes(closer)) {
          raw = `${raw.replace(/\n*$/, '')}\n${closer}\n`;
        }
      }
    }
    out += raw;
  }
  return out.trim();
}

function sourceItem(source: ReportSource): string {
  const details: string[] = [];
  if (source.publisher !== null && source.publisher.trim() !== '') details.push(escapeMarkdownInline(source.publisher));
  const date = day(source.date);
  if (date) details.push(date);
  const head = [link(source.title.trim() || source.url, source.url), ...details, `*${STANCE_LABELS[source.stance]}*`];
  const lines = [`- ${head.join(' — ')}`];
  // The note goes before the quote: after it, the note would be read as the quote's continuation.
  if (source.note !== null && source.note.trim() !== '') lines.push(`  *Note:* ${escapeMarkdownInline(source.note)}`);
  if (source.quote !== null && source.quote.trim() !== '') lines.push(`  > ${escapeMarkdownInline(source.quote)}`);
  return lines.join('\n');
}

function claimSection(claim: ReportClaim, position: number): string {
  const parts: string[] = [`### Claim ${position}`, `> ${escapeMarkdownInline(claim.text)}`];
  const facts: string[] = [];
  if (claim.speaker !== null && claim.speaker.trim() !== '') facts.push(`- **Speaker:** ${escapeMarkdownInline(claim.speaker)}`);
  facts.push(`- **Type:** ${TYPE_LABELS[claim.type]}`);
  facts.push(`- **Verdict:** ${claim.verdict === null ? 'Not yet rated' : `**${escapeMarkdownInline(claim.verdict.label)}**`}`);
  const checkedBy = claim.verdictBy === null ? null : escapeMarkdownInline(claim.verdictBy);
  const checkedAt = day(claim.verdictAt);
  if (checkedBy || checkedAt) {
    facts.push(`- **Checked:** ${[checkedBy && `by ${checkedBy}`, checkedAt && `on ${checkedAt}`].filter(Boolean).join(' ')}`);
  }
  parts.push(facts.join('\n'));
  if (claim.rationale !== null && claim.rationale.trim() !== '') parts.push(embedRationale(claim.rationale));
  parts.push('#### Sources');
  parts.push(claim.sources.length === 0 ? '*No sources recorded.*' : claim.sources.map(sourceItem).join('\n'));
  return parts.join('\n\n');
}

/** The report as a Markdown document: header, verdict summary table, then one section per claim. */
export function reportToMarkdown(report: ReportData): string {
  const { article, publication } = report;
  const sections: string[] = [`# Fact-check: ${escapeMarkdownInline(article.title) || 'Untitled article'}`];

  const about: string[] = [];
  if (article.outlet !== null && article.outlet.trim() !== '') about.push(`- **Outlet:** ${escapeMarkdownInline(article.outlet)}`);
  if (article.url !== null && article.url.trim() !== '') about.push(`- **Article:** ${link(article.url, article.url)}`);
  const articleDate = day(article.publishedAt);
  if (articleDate) about.push(`- **Published:** ${articleDate}`);
  about.push(`- **Fact-checked by:** ${link(report.organization.name, report.organization.url)}`);
  if (publication !== null) {
    const updated = day(publication.dateModified);
    const published = day(publication.datePublished);
    about.push(
      `- **Report version:** ${publication.version}, published ${published ?? ''}` +
        (updated && updated !== published ? `, updated ${updated}` : ''),
    );
    if (publication.correction !== null && publication.correction.trim() !== '') {
      about.push(`- **Correction:** ${escapeMarkdownInline(publication.correction)}`);
    }
  }
  about.push(`- **Generated:** ${day(report.generatedAt) ?? ''}`);
  sections.push(about.join('\n'));

  const summary = verdictSummary(report);
  const table = ['| Verdict | Claims |', '| --- | ---: |'];
  for (const row of summary.rows) table.push(`| ${escapeMarkdownInline(row.entry.label)} | ${row.count} |`);
  if (summary.unrated > 0) table.push(`| Not yet rated | ${summary.unrated} |`);
  sections.push('## Verdicts', table.join('\n'));

  sections.push('## Claims');
  if (report.claims.length === 0) sections.push('*No claims in this report.*');
  report.claims.forEach((claim, i) => sections.push(claimSection(claim, i + 1)));

  return `${sections.join('\n\n')}\n`;
}
