/**
 * The plain data a published report is built from. The exports in this folder (ClaimReview, CSV,
 * Markdown) only read it; gathering it from storage is the caller's job.
 */
import type { ClaimStatus, ClaimType, ScaleEntry, Stance } from '../storage/records.js';

export interface ReportSource {
  url: string;
  title: string;
  publisher: string | null;
  date: string | null;
  stance: Stance;
  quote: string | null;
  note: string | null;
}

export interface ReportClaim {
  id: string;
  text: string;
  speaker: string | null;
  type: ClaimType;
  score: number;
  status: ClaimStatus;
  /** The final verdict's scale entry, or null while the claim is unrated. */
  verdict: ScaleEntry | null;
  /** Markdown. */
  rationale: string | null;
  verdictBy: string | null;
  verdictAt: string | null;
  sources: ReportSource[];
}

export interface ReportData {
  organization: { name: string; url: string };
  article: { id: string; title: string; outlet: string | null; url: string | null; publishedAt: string | null };
  /** Absolute URL of the published report page; claim anchors are `#claim-<id>` on it. */
  reportUrl: string;
  generatedAt: string;
  publication: { version: number; datePublished: string; dateModified: string; correction: string | null } | null;
  scale: ScaleEntry[];
  claims: ReportClaim[];
}

export interface VerdictSummary {
  rows: Array<{ entry: ScaleEntry; count: number }>;
  /** Claims without a verdict. */
  unrated: number;
}

/**
 * Claims per verdict, one row per scale entry in scale order, zero counts included so a table or
 * chart always shows the whole scale. A verdict whose key is no longer in the scale (the scale was
 * edited after the claim was rated) still gets a row, after the scale's own rows, so no rated
 * claim disappears from the totals.
 */
export function verdictSummary(report: ReportData): VerdictSummary {
  const rows = report.scale.map((entry) => ({ entry, count: 0 }));
  const byKey = new Map(rows.map((row) => [row.entry.key, row] as const));
  let unrated = 0;
  for (const claim of report.claims) {
    if (claim.verdict === null) {
      unrated++;
      continue;
    }
    let row = byKey.get(claim.verdict.key);
    if (!row) {
      row = { entry: claim.verdict, count: 0 };
      rows.push(row);
      byKey.set(claim.verdict.key, row);
    }
    row.count++;
  }
  return { rows, unrated };
}
