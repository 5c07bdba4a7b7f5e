import MiniSearch from 'minisearch';
import { z } from 'zod';
import { ForbiddenError, NotFoundError, UnprocessableError } from '../errors.js';
import { newId, type ReadView, type Store } from '../storage/index.js';
import {
  CLAIM_STATUSES,
  CLAIM_TYPES,
  type ArticleRecord,
  type ClaimRecord,
  type ClaimStatus,
  type ClaimType,
  type SavedSearchRecord,
  type ScaleEntry,
  type SourceRecord,
} from '../storage/records.js';
import type { Actor } from '../users/types.js';
import { parse } from '../validation.js';
import { verdictEntry } from './matching.js';
import { fold, searchTokens } from './text.js';

export const SEARCH_KINDS = ['all', 'claims', 'articles', 'sources'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export interface SearchQuery {
  q?: string;
  kind?: SearchKind;
  status?: ClaimStatus;
  /** Scale key of the claim's final verdict. */
  verdict?: string;
  type?: ClaimType;
  /** Id of a user who reviewed the claim (submitted a review or set its final verdict). */
  reviewer?: string;
  /** Article outlet, compared without regard to case or accents. */
  outlet?: string;
  /** YYYY-MM-DD, inclusive, on the article's publishedAt (createdAt when it has none). */
  from?: string;
  to?: string;
  /** Results per kind, 1..100 (default 20). */
  limit?: number;
}

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;
/** Saved searches one person may keep. */
export const MAX_SAVED = 50;

/** Form fields arrive as '' when left empty: that means "no filter". */
const blank = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional());

const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/, 'Use a date like 2024-05-31.')
  .transform((s) => s.slice(0, 10))
  .refine((s) => !Number.isNaN(Date.parse(s)), 'Use a real date, like 2024-05-31.');

/**
 * A search as it arrives in a query string (or a saved search). Unknown keys are ignored; a value
 * that is not allowed (an unknown status, a malformed date, limit=1000) is a 400 through `parse`.
 */
export const searchQuerySchema = z
  .object({
    q: optional(z.string().trim().max(200, 'Keep the search under 200 characters.')),
    kind: optional(z.enum(SEARCH_KINDS)),
    status: optional(z.enum(CLAIM_STATUSES)),
    verdict: optional(z.string().trim().regex(/^[a-z0-9_]{1,40}$/, 'Unknown verdict.')),
    type: optional(z.enum(CLAIM_TYPES)),
    reviewer: optional(z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Unknown reviewer.')),
    outlet: optional(z.string().trim().max(200)),
    from: optional(isoDate),
    to: optional(isoDate),
    limit: optional(z.coerce.number().int().min(1).max(MAX_LIMIT)),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'The start date is after the end date.', path: ['to'] });

const saveCommand = z.object({ name: z.string().trim().min(1, 'Give the search a name.').max(80, 'Keep the name under 80 characters.') });

export interface ArticleRef {
  id: string;
  title: string;
  outlet: string | null;
  publishedAt: string | null;
}

export type ArticleSummary = Omit<ArticleRecord, 'text' | 'clutter'>;

export interface ClaimHit {
  claim: ClaimRecord;
  article: ArticleRef | null;
  verdict: ScaleEntry | null;
  /** Relevance (higher is better); null when listing without search words. */
  score: number | null;
}

export interface ArticleHit {
  article: ArticleSummary;
  /** Plain text around the first matched word (or the opening of the article). */
  snippet: string;
  claims: number;
  score: number | null;
}

export interface SourceHit {
  source: SourceRecord;
  /** Evidence entries citing the source. */
  uses: number;
  score: number | null;
}

export interface SearchResults {
  /** The query as understood (normalised, with defaults applied). */
  query: SearchQuery & { kind: SearchKind; limit: number };
  /** All matches across the searched kinds, before the per-kind limit. */
  total: number;
  totals: { claims: number; articles: number; sources: number };
  /**
   * 'all': results contain every search word; 'any': nothing contained them all, so results contain
   * some of them; null: no search words (a filtered listing, newest first).
   */
  matched: 'all' | 'any' | null;
  claims: ClaimHit[];
  articles: ArticleHit[];
  sources: SourceHit[];
}

type Doc = { id: string } & Record<string, string>;
interface TextHit {
  id: string;
  score: number;
  terms: string[];
}

/** Prefix matching from three letters, one or two typos from five; never on numbers ("4" must not find "40"). */
const SEARCH_OPTIONS = {
  prefix: (term: string) => term.length >= 3 && !/^\d/.test(term),
  fuzzy: (term: string) => (term.length >= 5 && !/^\d/.test(term) ? 0.2 : false),
  maxFuzzy: 2,
};

/**
 * One MiniSearch index over one collection, kept in step with the store: a record is re-indexed
 * when its version (or updatedAt, which tells apart equal versions after a database restore)
 * changes, and discarded when it disappears.
 */
class TextIndex<T extends { id: string; version: number; updatedAt: string }> {
  private readonly mini: MiniSearch<Doc>;
  private readonly indexed = new Map<string, { version: number; updatedAt: string; seen: number }>();
  private generation = 0;

  constructor(
    fields: string[],
    boost: Record<string, number>,
    private readonly toDoc: (record: T) => Doc,
  ) {
    this.mini = new MiniSearch<Doc>({
      idField: 'id',
      fields,
      tokenize: (text) => searchTokens(text),
      processTerm: (term) => term,
      searchOptions: { ...SEARCH_OPTIONS, boost },
    });
  }

  sync(records: Iterable<T>): void {
    const gen = ++this.generation;
    for (const r of records) {
      const have = this.indexed.get(r.id);
      if (have && have.version === r.version && have.updatedAt === r.updatedAt) {
        have.seen = gen;
        continue;
      }
      if (have) this.mini.discard(r.id);
      this.mini.add(this.toDoc(r));
      this.indexed.set(r.id, { version: r.version, updatedAt: r.updatedAt, seen: gen });
    }
    for (const [id, entry] of this.indexed) {
      if (entry.seen === gen) continue;
      this.mini.discard(id);
      this.indexed.delete(id);
    }
  }

  search(q: string, combineWith: 'AND' | 'OR'): TextHit[] {
    return this.mini.search(q, { combineWith }).map((h) => ({ id: String(h.id), score: h.score, terms: h.terms }));
  }

  get size(): number {
    return this.indexed.size;
  }
}

/** The filters of a query as predicates over records, reading related records from the store. */
class Filters {
  private readonly reviewed: Set<string> | null;
  private readonly outlet: string | null;
  readonly any: boolean;
  readonly claimFilters: boolean;

  constructor(
    private readonly view: ReadView,
    private readonly q: SearchQuery,
  ) {
    this.reviewed = q.reviewer ? new Set(view.find('reviews', 'reviewerId', q.reviewer).map((r) => r.claimId)) : null;
    this.outlet = q.outlet ? fold(q.outlet).trim() : null;
    this.claimFilters = !!(q.status || q.verdict || q.type || q.reviewer);
    this.any = this.claimFilters || !!(q.outlet || q.from || q.to);
  }

  /** The claim's own fields: status, verdict, type, reviewer. */
  private claimOwn(c: ClaimRecord): boolean {
    const { q } = this;
    if (q.status && c.status !== q.status) return false;
    if (q.verdict && c.verdict !== q.verdict) return false;
    if (q.type && c.type !== q.type) return false;
    if (q.reviewer && !this.reviewed?.has(c.id) && c.verdictBy !== q.reviewer) return false;
    return true;
  }

  /** The article's own fields: outlet and date. */
  article(a: ArticleRecord | undefined): boolean {
    const { q } = this;
    if (!this.outlet && !q.from && !q.to) return true;
    if (!a) return false;
    if (this.outlet && fold(a.outlet ?? '').trim() !== this.outlet) return false;
    const day = (a.publishedAt ?? a.createdAt).slice(0, 10);
    if (q.from && day < q.from) return false;
    if (q.to && day > q.to) return false;
    return true;
  }

  claim(c: ClaimRecord | undefined): boolean {
    return !!c && this.claimOwn(c) && this.article(this.view.get('articles', c.articleId));
  }

  /** Claim filters select the articles with at least one such claim. */
  articleWithClaims(a: ArticleRecord): boolean {
    if (!this.article(a)) return false;
    return !this.claimFilters || this.view.find('claims', 'articleId', a.id).some((c) => this.claimOwn(c));
  }

  /** Any filter selects the sources cited as evidence for at least one matching claim. */
  source(s: SourceRecord): boolean {
    if (!this.any) return true;
    return this.view.find('evidence', 'sourceId', s.id).some((e) => this.claim(this.view.get('claims', e.claimId)));
  }
}

const SNIPPET_CHARS = 200;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Plain text around the earliest of `terms` in `text`, cut at word boundaries. */
export function snippet(text: string, terms: readonly string[]): string {
  let at = -1;
  for (const t of terms) {
    const m = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(t)}`, 'iu').exec(text);
    if (m && (at === -1 || m.index < at)) at = m.index;
  }
  let start = at <= 60 ? 0 : at - 60;
  if (start > 0) {
    const space = text.indexOf(' ', start);
    if (space !== -1 && space < at) start = space + 1;
  }
  let end = Math.min(text.length, start + SNIPPET_CHARS);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > start + SNIPPET_CHARS / 2) end = space;
  }
  const body = text.slice(start, end).replace(/\s+/g, ' ').trim();
  return `${start > 0 ? '… ' : ''}${body}${end < text.length ? ' …' : ''}`;
}

function newestFirst(a: { createdAt: string; id: string }, b: { createdAt: string; id: string }): number {
  return a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1;
}

/** A query as stored in a saved search: only the fields that are set, as strings. */
export function toQueryRecord(query: SearchQuery): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') out[k] = String(v);
  return out;
}

export class SearchService {
  private readonly claimIndex = new TextIndex<ClaimRecord>(['text', 'speaker', 'rationale'], { text: 3, speaker: 2, rationale: 1.5 }, (c) => ({
    id: c.id,
    text: c.text,
    speaker: c.speaker ?? '',
    // Reviewers' own rationales stay out: under blind review a hit would reveal what a hidden review says.
    rationale: c.rationale ?? '',
  }));
  private readonly articleIndex = new TextIndex<ArticleRecord>(['title', 'outlet', 'text'], { title: 3, outlet: 2, text: 1 }, (a) => ({
    id: a.id,
    title: a.title,
    outlet: a.outlet ?? '',
    text: a.text,
  }));
  private readonly sourceIndex = new TextIndex<SourceRecord>(
    ['title', 'publisher', 'url', 'reliabilityNote'],
    { title: 3, publisher: 2, url: 1, reliabilityNote: 1 },
    (s) => ({ id: s.id, title: s.title, publisher: s.publisher ?? '', url: s.url, reliabilityNote: s.reliabilityNote ?? '' }),
  );
  /** Store sequence at the last sync; the indexes are built on the first search. */
  private syncedSeq = -1;

  constructor(private readonly store: Store) {}

  search(input: SearchQuery): SearchResults {
    const query = { ...input, kind: input.kind ?? 'all', limit: Math.min(MAX_LIMIT, Math.max(1, input.limit ?? DEFAULT_LIMIT)) };
    const q = query.q?.trim() ?? '';
    const filters = new Filters(this.store, query);
    const wants = (k: Exclude<SearchKind, 'all'>) => query.kind === 'all' || query.kind === k;
    if (!q) return this.assemble(query, null, this.listing(filters, wants));

    this.sync();
    let matched: 'all' | 'any' = 'all';
    let found = this.textSearch(q, 'AND', filters, wants);
    if (found.claims.length + found.articles.length + found.sources.length === 0) {
      const loose = this.textSearch(q, 'OR', filters, wants);
      if (loose.claims.length + loose.articles.length + loose.sources.length > 0) {
        found = loose;
        matched = 'any';
      }
    }
    return this.assemble(query, matched, found);
  }

  /**
   * Builds the indexes now rather than on the first search (e.g. just after the server starts):
   * with 100k claims the first build takes a few seconds.
   */
  warm(): void {
    this.sync();
  }

  /** A user's saved searches, by name. */
  saved(userId: string): SavedSearchRecord[] {
    return this.store.find('savedSearches', 'userId', userId).sort((a, b) => a.name.localeCompare(b.name));
  }

  getSaved(id: string): SavedSearchRecord | undefined {
    return this.store.get('savedSearches', id);
  }

  /** Saves a search for its owner; saving under an existing name replaces that search. */
  async save(userId: string, name: string, query: SearchQuery, actor: Actor): Promise<SavedSearchRecord> {
    if (actor.id !== userId) throw new ForbiddenError('You can only save searches for yourself.');
    const cmd = parse(saveCommand, { name });
    const record = toQueryRecord(parse(searchQuerySchema, toQueryRecord(query)));
    return this.store.transact((tx) => {
      const mine = tx.find('savedSearches', 'userId', userId);
      const same = mine.find((s) => s.name.toLowerCase() === cmd.name.toLowerCase());
      if (same) {
        const after: SavedSearchRecord = { ...same, name: cmd.name, query: record };
        tx.replace('savedSearches', after);
        tx.audit({ actor, entity: 'savedSearch', entityId: same.id, action: 'update', before: same, after });
        return after;
      }
      if (mine.length >= MAX_SAVED) throw new UnprocessableError(`You can keep ${MAX_SAVED} saved searches; delete one first.`);
      const created: SavedSearchRecord = { id: newId('srch'), userId, name: cmd.name, query: record, createdAt: new Date().toISOString() };
      tx.insert('savedSearches', created);
      tx.audit({ actor, entity: 'savedSearch', entityId: created.id, action: 'create', before: null, after: created });
      return created;
    });
  }

  /** Deletes a saved search; only its owner may. */
  async remove(id: string, actor: Actor): Promise<void> {
    await this.store.transact((tx) => {
      const s = tx.get('savedSearches', id);
      if (!s) throw new NotFoundError('Saved search');
      if (s.userId !== actor.id) throw new ForbiddenError('Only its owner can delete a saved search.');
      tx.remove('savedSearches', id);
      tx.audit({ actor, entity: 'savedSearch', entityId: id, action: 'delete', before: s, after: null });
    });
  }

  /**
   * Brings the three indexes up to date with the store. Skipped when the store's sequence number is
   * unchanged since the last sync (every commit advances it); otherwise a scan of versions that
   * re-indexes only what changed.
   */
  private sync(): void {
    const seq = this.store.stats().seq;
    if (seq === this.syncedSeq) return;
    this.claimIndex.sync(this.store.all('claims'));
    this.articleIndex.sync(this.store.all('articles'));
    this.sourceIndex.sync(this.store.all('sources'));
    this.syncedSeq = seq;
  }

  private textSearch(q: string, combineWith: 'AND' | 'OR', filters: Filters, wants: (k: Exclude<SearchKind, 'all'>) => boolean): Found {
    const found: Found = { claims: [], articles: [], sources: [] };
    if (wants('claims')) {
      for (const h of this.claimIndex.search(q, combineWith)) {
        const c = this.store.get('claims', h.id);
        if (c && filters.claim(c)) found.claims.push({ record: c, score: h.score, terms: h.terms });
      }
    }
    if (wants('articles')) {
      for (const h of this.articleIndex.search(q, combineWith)) {
        const a = this.store.get('articles', h.id);
        if (a && filters.articleWithClaims(a)) found.articles.push({ record: a, score: h.score, terms: h.terms });
      }
    }
    if (wants('sources')) {
      for (const h of this.sourceIndex.search(q, combineWith)) {
        const s = this.store.get('sources', h.id);
        if (s && filters.source(s)) found.sources.push({ record: s, score: h.score, terms: h.terms });
      }
    }
    return found;
  }

  /** No search words: every record that passes the filters, newest first. */
  private listing(filters: Filters, wants: (k: Exclude<SearchKind, 'all'>) => boolean): Found {
    const pick = <T extends { createdAt: string; id: string }>(records: Iterable<T>, keep: (r: T) => boolean) =>
      Array.from(records)
        .filter(keep)
        .sort(newestFirst)
        .map((record) => ({ record, score: null, terms: [] }));
    return {
      claims: wants('claims') ? pick(this.store.all('claims'), (c) => filters.claim(c)) : [],
      articles: wants('articles') ? pick(this.store.all('articles'), (a) => filters.articleWithClaims(a)) : [],
      sources: wants('sources') ? pick(this.store.all('sources'), (s) => filters.source(s)) : [],
    };
  }

  private assemble(query: SearchResults['query'], matched: SearchResults['matched'], found: Found): SearchResults {
    const { limit } = query;
    const totals = { claims: found.claims.length, articles: found.articles.length, sources: found.sources.length };
    return {
      query,
      total: totals.claims + totals.articles + totals.sources,
      totals,
      matched,
      claims: found.claims.slice(0, limit).map(({ record: claim, score }) => {
        const a = this.store.get('articles', claim.articleId);
        return {
          claim,
          article: a ? { id: a.id, title: a.title, outlet: a.outlet, publishedAt: a.publishedAt } : null,
          verdict: verdictEntry(this.store, claim.verdict),
          score,
        };
      }),
      articles: found.articles.slice(0, limit).map(({ record: a, score, terms }) => {
        const { text, clutter: _clutter, ...article } = a;
        return { article, snippet: snippet(text, terms), claims: this.store.find('claims', 'articleId', a.id).length, score };
      }),
      sources: found.sources.slice(0, limit).map(({ record: source, score }) => ({
        source,
        uses: this.store.find('evidence', 'sourceId', source.id).length,
        score,
      })),
    };
  }
}

interface Hit<T> {
  record: T;
  score: number | null;
  terms: string[];
}
interface Found {
  claims: Hit<ClaimRecord>[];
  articles: Hit<ArticleRecord>[];
  sources: Hit<SourceRecord>[];
}
