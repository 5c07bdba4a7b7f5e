import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { Config } from '../config.js';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../errors.js';
import { newId, type ReadView, type Store } from '../storage/index.js';
import type { PublicationRecord } from '../storage/records.js';
import { hasRole, type Actor } from '../users/types.js';
import { parse } from '../validation.js';
import { claimReviewFor, claimReviewsFor, validateClaimReview, type ClaimReviewIssue, type ClaimReviewJsonLd } from './claimreview.js';
import { reportToCsv } from './csv.js';
import { reportToMarkdown } from './markdown.js';
import type { ReportClaim, ReportData } from './report-types.js';

export const REPORT_FORMATS = ['html', 'md', 'json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const publishCommand = z.object({
  correction: z
    .string()
    .trim()
    .max(2000)
    .optional()
    .transform((v) => (v ? v : null)),
});

/** A reason an article cannot be published yet. */
export interface Gate {
  code: string;
  message: string;
  claimId?: string;
}

export class ExportsService {
  constructor(
    private readonly store: Store,
    private readonly config: Config,
  ) {}

  /** Where published reports live for readers (no sign-in). */
  reportUrl(articleId: string): string {
    const base = (this.config.publicUrl ?? this.store.settings.organization.url).replace(/\/+$/, '');
    return `${base}/reports/${articleId}`;
  }

  /** The live report of an article: its claims (dismissed ones left out), verdicts and sources. */
  build(articleId: string, view: ReadView = this.store): ReportData {
    const article = view.get('articles', articleId);
    if (!article) throw new NotFoundError('Article');
    const scale = view.settings.scale;
    const claims: ReportClaim[] = view
      .find('claims', 'articleId', articleId)
      .filter((c) => c.status !== 'dismissed')
      .sort((a, b) => a.start - b.start)
      .map((c) => ({
        id: c.id,
        text: c.text,
        speaker: c.speaker,
        type: c.type,
        score: c.score,
        status: c.status,
        verdict: c.status === 'checked' && c.verdict ? (scale.find((e) => e.key === c.verdict) ?? unknownEntry(c.verdict)) : null,
        rationale: c.status === 'checked' ? c.rationale : null,
        verdictBy: c.status === 'checked' && c.verdictBy ? (view.get('users', c.verdictBy)?.displayName ?? null) : null,
        verdictAt: c.status === 'checked' ? c.verdictAt : null,
        sources: c.status === 'checked'
          ? view
              .find('evidence', 'claimId', c.id)
              .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
              .map((e) => {
                const s = view.get('sources', e.sourceId)!;
                return { url: s.url, title: s.title, publisher: s.publisher, date: s.date, stance: e.stance, quote: e.quote, note: e.note };
              })
          : [],
      }));
    return {
      organization: view.settings.organization,
      article: { id: article.id, title: article.title, outlet: article.outlet, url: article.url, publishedAt: article.publishedAt },
      reportUrl: this.reportUrl(articleId),
      generatedAt: new Date().toISOString(),
      publication: null,
      scale,
      claims,
    };
  }

  render(report: ReportData, format: Exclude<ReportFormat, 'html'>): { body: string; type: string; ext: string } {
    switch (format) {
      case 'md':
        return { body: reportToMarkdown(report), type: 'text/markdown; charset=utf-8', ext: 'md' };
      case 'csv':
        return { body: reportToCsv(report, { bom: true }), type: 'text/csv; charset=utf-8', ext: 'csv' };
      case 'json':
        return { body: JSON.stringify(report, null, 2), type: 'application/json; charset=utf-8', ext: 'json' };
    }
  }

  claimReview(claimId: string): ClaimReviewJsonLd {
    const claim = this.store.get('claims', claimId);
    if (!claim) throw new NotFoundError('Claim');
    const report = this.withLatestPublication(this.build(claim.articleId));
    const rc = report.claims.find((c) => c.id === claimId);
    const jsonld = rc ? claimReviewFor(report, rc) : null;
    if (!jsonld) throw new UnprocessableError('This claim has no final verdict yet, so there is no ClaimReview.', undefined, 'not_checked');
    return jsonld;
  }

  articleClaimReviews(articleId: string): ClaimReviewJsonLd[] {
    return claimReviewsFor(this.withLatestPublication(this.build(articleId)));
  }

  /** What stands between an article and publication: unchecked claims, missing sources, ClaimReview errors. */
  gates(articleId: string, view: ReadView = this.store): { gates: Gate[]; warnings: Array<ClaimReviewIssue & { claimId: string }> } {
    const settings = view.settings;
    const report = this.build(articleId, view);
    const gates: Gate[] = [];
    const warnings: Array<ClaimReviewIssue & { claimId: string }> = [];
    const ranks = settings.scale.filter((e) => e.rank !== null).map((e) => e.rank!);
    const extremes = new Set([Math.min(...ranks), Math.max(...ranks)]);
    const worthy = view.find('claims', 'articleId', articleId).filter((c) => c.status !== 'dismissed' && c.score >= 0.5);
    for (const c of worthy) {
      if (c.status !== 'checked') gates.push({ code: 'unchecked', claimId: c.id, message: `Check-worthy claim not checked yet: “${short(c.text)}”` });
    }
    const checked = report.claims.filter((c) => c.verdict);
    if (checked.length === 0) gates.push({ code: 'nothing_checked', message: 'No claim has a final verdict yet.' });
    for (const c of checked) {
      if (settings.publishing.requireRationale && !c.rationale?.trim()) {
        gates.push({ code: 'rationale', claimId: c.id, message: `Verdict without a rationale: “${short(c.text)}”` });
      }
      const min = settings.publishing.minSourcesForExtremes;
      if (c.verdict?.rank != null && extremes.has(c.verdict.rank) && new Set(c.sources.map((s) => s.url)).size < min) {
        gates.push({ code: 'sources', claimId: c.id, message: `“${c.verdict.label}” needs at least ${min} independent sources: “${short(c.text)}”` });
      }
      const jsonld = claimReviewFor(report, c);
      for (const issue of jsonld ? validateClaimReview(jsonld) : []) {
        if (issue.level === 'error') gates.push({ code: 'claimreview', claimId: c.id, message: `ClaimReview ${issue.field}: ${issue.message}` });
        else warnings.push({ ...issue, claimId: c.id });
      }
    }
    return { gates, warnings };
  }

  /**
   * Publishes the article's fact-check as a new immutable version. A version that changes an earlier
   * one needs a correction note; publishing with nothing changed is refused.
   */
  async publish(articleId: string, input: z.input<typeof publishCommand>, actor: Actor): Promise<PublicationRecord> {
    if (!hasRole(actor, 'editor')) throw new ForbiddenError('Only editors can publish.');
    const { correction } = parse(publishCommand, input);
    return this.store.transact((tx) => {
      // Checked inside the transaction, so the gates hold for exactly what is published.
      const { gates } = this.gates(articleId, tx);
      if (gates.length) throw new UnprocessableError('This fact-check cannot be published yet.', { gates }, 'gates_unmet');
      const report = this.build(articleId, tx);
      const previous = latest(tx, articleId);
      if (previous && isDeepStrictEqual(stripVolatile(previous.snapshot), stripVolatile(report))) {
        throw new ConflictError(`Nothing changed since version ${previous.version}.`, { version: previous.version });
      }
      if (previous && !correction) {
        throw new UnprocessableError('This changes a published fact-check: add a correction note saying what changed.', {
          gates: [{ code: 'correction', message: 'A correction note is required for a new version.' }],
        }, 'gates_unmet');
      }
      const now = new Date().toISOString();
      const version = (previous?.version ?? 0) + 1;
      const snapshot: ReportData = {
        ...report,
        generatedAt: now,
        publication: { version, datePublished: previous ? firstPublished(tx, articleId) : now, dateModified: now, correction },
      };
      const rec: PublicationRecord = { id: newId('pub'), articleId, version, publishedAt: now, publishedBy: actor.id, correction, snapshot };
      tx.insert('publications', rec);
      tx.audit({ actor, entity: 'article', entityId: articleId, action: 'publish', before: previous ? { version: previous.version } : null, after: { version, correction } });
      return rec;
    });
  }

  publications(articleId: string): PublicationRecord[] {
    return this.store.find('publications', 'articleId', articleId).sort((a, b) => a.version - b.version);
  }

  published(articleId: string, version?: number): PublicationRecord {
    const list = this.publications(articleId);
    const pub = version === undefined ? list[list.length - 1] : list.find((p) => p.version === version);
    if (!pub) throw new NotFoundError(version === undefined ? 'Published report' : `Version ${version} of this report`);
    return pub;
  }

  /** The published snapshot as report data (stored snapshots are report data by construction). */
  snapshotOf(pub: PublicationRecord): ReportData {
    return pub.snapshot as ReportData;
  }

  private withLatestPublication(report: ReportData): ReportData {
    const pub = latest(this.store, report.article.id);
    if (!pub) return report;
    const snap = pub.snapshot as ReportData;
    return { ...report, publication: snap.publication };
  }
}

function latest(view: ReadView, articleId: string): PublicationRecord | undefined {
  return view.find('publications', 'articleId', articleId).sort((a, b) => b.version - a.version)[0];
}

function firstPublished(view: ReadView, articleId: string): string {
  return view.find('publications', 'articleId', articleId).sort((a, b) => a.version - b.version)[0]!.publishedAt;
}

function stripVolatile(report: unknown): unknown {
  const r = report as ReportData;
  return { ...r, generatedAt: null, publication: null, reportUrl: null };
}

/** A claim quoted in a message: outer quote marks dropped (the message adds its own), long text cut. */
function short(text: string): string {
  const bare = text.replace(/^["“”'‘’]+|["“”'‘’]+$/g, '');
  return bare.length > 80 ? `${bare.slice(0, 77)}…` : bare;
}

function unknownEntry(key: string) {
  return { key, label: key, rank: null, value: null, colour: '#868e96' };
}
