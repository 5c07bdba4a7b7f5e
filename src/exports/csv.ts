/**
 * A report as CSV, one row per claim, for spreadsheets and newsroom tools.
 */
import { stringify } from 'csv-stringify/sync';
import type { ReportData } from './report-types.js';

export const CSV_COLUMNS = [
  'claim_id',
  'claim',
  'speaker',
  'type',
  'score',
  'status',
  'verdict',
  'verdict_label',
  'rationale',
  'verdict_by',
  'verdict_at',
  'source_count',
  'sources',
  'stances',
] as const;

export interface CsvOptions {
  /** Prefix a UTF-8 byte order mark, which older Excel needs to read accents correctly. */
  bom?: boolean;
}

const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;
// Leading whitespace is included because some spreadsheets trim it before deciding a cell is a formula.
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@])/;

/**
 * A text cell made safe to open in a spreadsheet (OWASP "CSV injection"): a cell that starts with
 * =, +, -, @, tab or carriage return gets a leading apostrophe so it is shown as text, not run as a
 * formula. A plain negative number such as "-12.5" is left alone: it cannot call anything, and
 * prefixing it would turn a number into text in every spreadsheet.
 */
export function neutraliseCell(value: string): string {
  if (PLAIN_NUMBER.test(value)) return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * The report as RFC 4180 CSV with a header row and CRLF line ends. Sources and their stances are
 * newline-separated lists inside one cell each, in the same order, so the n-th stance belongs to
 * the n-th source URL.
 */
export function reportToCsv(report: ReportData, options: CsvOptions = {}): string {
  const text = (value: string | null): string => (value === null ? '' : neutraliseCell(value));
  const rows = report.claims.map((claim) => [
    text(claim.id),
    text(claim.text),
    text(claim.speaker),
    text(claim.type),
    claim.score,
    text(claim.status),
    text(claim.verdict?.key ?? null),
    text(claim.verdict?.label ?? null),
    text(claim.rationale),
    text(claim.verdictBy),
    text(claim.verdictAt),
    claim.sources.length,
    text(claim.sources.map((s) => s.url).join('\n')),
    text(claim.sources.map((s) => s.stance).join('\n')),
  ]);
  return stringify(rows, {
    header: true,
    columns: [...CSV_COLUMNS],
    record_delimiter: 'windows',
    // With a CRLF record delimiter csv-stringify only quotes cells holding CRLF; a bare LF (the
    // sources list, multi-line rationales) must be quoted too or readers split the record there.
    quoted_match: /[\r\n]/,
    bom: options.bom ?? false,
  });
}
