import { describe, expect, it } from '@jest/globals';
import { BadRequestError, ForbiddenError, NotFoundError } from '../../src/errors.js';
import { SearchService, searchQuerySchema } from '../../src/search/service.js';
import type { Store } from '../../src/storage/index.js';
import type { ArticleRecord, ClaimRecord, EvidenceRecord, ReviewRecord, SourceRecord } from '../../src/storage/records.js';
import { parse } from '../../src/validation.js';
import { article, checked, claim, editor, evidence, openStore, review, reviewer, source, viewer } from './helpers.js';

interface Seed {
  articles?: ArticleRecord[];
  claims?: ClaimRecord[];
  sources?: SourceRecord[];
  evidence?: EvidenceRecord[];
  reviews?: ReviewRecord[];
}

async function seed(store: Store, s: Seed): Promise<void> {
  await store.transact((tx) => {
    for (const r of s.articles ?? []) tx.insert('articles', r);
    for (const r of s.claims ?? []) tx.insert('claims', r);
    for (const r of s.sources ?? []) tx.insert('sources', r);
    for (const r of s.evidence ?? []) tx.insert('evidence', r);
    for (const r of s.reviews ?? []) tx.insert('reviews', r);
  });
}

describe('SearchService full text', () => {
  it('finds claims by their wording, with the article title and verdict label', async () => {
    const { store, done } = await openStore();
    try {
      const a = article({ title: 'Budget day coverage' });
      const hit = checked(a.id, 'Child poverty has halved since 2010', 'false');
      const other = claim(a.id, 'The motorway will open next spring');
      await seed(store, { articles: [a], claims: [hit, other] });

      const r = new SearchService(store).search({ q: 'poverty' });

      expect(r.claims.map((h) => h.claim.id)).toEqual([hit.id]);
      expect(r.claims[0]!.article?.title).toBe('Budget day coverage');
      expect(r.claims[0]!.verdict?.label).toBe('False');
      expect(r.claims[0]!.score).toBeGreaterThan(0);
      expect(r.matched).toBe('all');
    } finally {
      await done();
    }
  });

  it('matches word prefixes, plurals and small typos', async () => {
    const { store, done } = await openStore();
    try {
      const a = article();
      const c = claim(a.id, 'Hospital waiting lists are the longest on record');
      await seed(store, { articles: [a], claims: [c] });
      const search = new SearchService(store);

      for (const q of ['hosp', 'hospitals', 'hosptal waiting', 'waiting list']) {
        expect(search.search({ q, kind: 'claims' }).claims.map((h) => h.claim.id)).toEqual([c.id]);
      }
    } finally {
      await done();
    }
  });

  it('finds claims by the final rationale and the speaker', async () => {
    const { store, done } = await openStore();
    try {
      const a = article();
      const c = checked(a.id, 'Crime is at a record low', 'mostly_false', { rationale: 'The survey excludes fraud and cybercrime.', speaker: 'Home Secretary' });
      await seed(store, { articles: [a], claims: [c] });
      const search = new SearchService(store);

      expect(search.search({ q: 'cybercrime' }).claims.map((h) => h.claim.id)).toEqual([c.id]);
      expect(search.search({ q: 'home secretary' }).claims.map((h) => h.claim.id)).toEqual([c.id]);
    } finally {
      await done();
    }
  });

  it('finds articles by title and text, with a snippet around the match', async () => {
    const { store, done } = await openStore();
    try {
      const a = article({ title: 'Flood defences questioned', text: `${'Opening words. '.repeat(20)}The embankment failed twice last winter. More text follows here.` });
      const b = article({ title: 'Unrelated' });
      await seed(store, { articles: [a, b] });
      const search = new SearchService(store);

      expect(search.search({ q: 'flood defences', kind: 'articles' }).articles.map((h) => h.article.id)).toEqual([a.id]);
      const byText = search.search({ q: 'embankment' });
      expect(byText.articles.map((h) => h.article.id)).toEqual([a.id]);
      expect(byText.articles[0]!.snippet).toContain('The embankment failed twice');
      expect(byText.articles[0]!.snippet.startsWith('… ')).toBe(true);
      expect(byText.articles[0]!.article).not.toHaveProperty('text');
    } finally {
      await done();
    }
  });

  it('finds sources by title, publisher and reliability note', async () => {
    const { store, done } = await openStore();
    try {
      const s = source({ title: 'Labour market overview', publisher: 'Office for National Statistics', reliabilityNote: 'Seasonally adjusted series' });
      await seed(store, { sources: [s, source({ title: 'Weather almanac' })] });
      const search = new SearchService(store);

      for (const q of ['labour market', 'national statistics', 'seasonally']) {
        expect(search.search({ q, kind: 'sources' }).sources.map((h) => h.source.id)).toEqual([s.id]);
      }
    } finally {
      await done();
    }
  });

  it('falls back to any of the words when no record has all of them', async () => {
    const { store, done } = await openStore();
    try {
      const a = article();
      const c = claim(a.id, 'Rents rose faster than wages');
      await seed(store, { articles: [a], claims: [c] });

      const r = new SearchService(store).search({ q: 'rents zanzibar', kind: 'claims' });

      expect(r.matched).toBe('any');
      expect(r.claims.map((h) => h.claim.id)).toEqual([c.id]);
    } finally {
      await done();
    }
  });

  it('finds the new wording right after an edit and forgets deleted records', async () => {
    const { store, done } = await openStore();
    try {
      const a = article();
      const c = claim(a.id, 'Bus fares were frozen');
      const gone = claim(a.id, 'Tram fares were frozen');
      await seed(store, { articles: [a], claims: [c, gone] });
      const search = new SearchService(store);
      expect(search.search({ q: 'fares' }).totals.claims).toBe(2);

      await store.transact((tx) => {
        tx.replace('claims', { ...c, text: 'Ferry tickets were frozen', version: c.version + 1 });
        tx.remove('claims', gone.id);
        tx.replace('articles', { ...a, title: 'Transport special', version: a.version + 1 });
      });

      expect(search.search({ q: 'ferry' }).claims.map((h) => h.claim.id)).toEqual([c.id]);
      expect(search.search({ q: 'fares' }).total).toBe(0);
      expect(search.search({ q: 'transport special' }).articles.map((h) => h.article.id)).toEqual([a.id]);
    } finally {
      await done();
    }
  });
});

describe('SearchService filters', () => {
  it('filters claims by status, verdict and type', async () => {
    const { store, done } = await openStore();
    try {
      const a = article();
      const t = checked(a.id, 'Exports grew by 3%', 'true', { type: 'quantity' });
      const f = checked(a.id, 'Exports will double by 2030', 'false', { type: 'prediction' });
      const open = claim(a.id, 'Exports fell last year', { status: 'in_review' });
      await seed(store, { articles: [a], claims: [t, f, open] });
      const search = new SearchService(store);
      const ids = (q: Parameters<SearchService['search']>[0]) => search.search({ kind: 'claims', ...q }).claims.map((h) => h.claim.id);

      expect(ids({ q: 'exports', status: 'checked' }).sort()).toEqual([t.id, f.id].sort());
      expect(ids({ q: 'exports', verdict: 'false' })).toEqual([f.id]);
      expect(ids({ type: 'prediction' })).toEqual([f.id]);
      expect(ids({ status: 'in_review' })).toEqual([open.id]);
    } finally {
      await done();
    }
  });

  it('filters by outlet and publication date, for claims and articles', async () => {
    const { store, done } = await openStore();
    try {
      const march = article({ outlet: 'The Courier', publishedAt: '2024-03-10T09:00:00Z' });
      const june = article({ outlet: 'Evening Post', publishedAt: '2024-06-02T09:00:00Z' });
      const undated = article({ outlet: 'The Courier', publishedAt: null, createdAt: '2024-07-01T12:00:00Z' });
      const c1 = claim(march.id, 'Bin collections were cut');
      const c2 = claim(june.id, 'Bin collections were cut again');
      await seed(store, { articles: [march, june, undated], claims: [c1, c2] });
      const search = new SearchService(store);

      expect(search.search({ q: 'bin', outlet: 'the courier' }).claims.map((h) => h.claim.id)).toEqual([c1.id]);
      expect(search.search({ q: 'bin', from: '2024-06-01' }).claims.map((h) => h.claim.id)).toEqual([c2.id]);
      expect(search.search({ kind: 'articles', to: '2024-06-02' }).articles.map((h) => h.article.id).sort()).toEqual([march.id, june.id].sort());
      expect(search.search({ kind: 'articles', from: '2024-06-30' }).articles.map((h) => h.article.id)).toEqual([undated.id]);
    } finally {
      await done();
    }
  });

  it('filters by reviewer: claims they reviewed or decided, and articles and sources behind them', async () => {
    const { store, done } = await openStore();
    try {
      const a = article();
      const b = article();
      const reviewed = claim(a.id, 'Council tax rose 5%', { status: 'in_review' });
      const decided = checked(b.id, 'Council tax rose 4%', 'true', { verdictBy: editor.id });
      const untouched = claim(b.id, 'Council tax rose 6%');
      const s = source({ title: 'Council tax bands' });
      await seed(store, {
        articles: [a, b],
        claims: [reviewed, decided, untouched],
        sources: [s, source({ title: 'Council tax history' })],
        evidence: [evidence(reviewed.id, s.id)],
        reviews: [review(reviewed.id, reviewer.id)],
      });
      const search = new SearchService(store);

      expect(search.search({ reviewer: reviewer.id, kind: 'claims' }).claims.map((h) => h.claim.id)).toEqual([reviewed.id]);
      expect(search.search({ reviewer: editor.id, kind: 'claims' }).claims.map((h) => h.claim.id)).toEqual([decided.id]);
      expect(search.search({ reviewer: reviewer.id, kind: 'articles' }).articles.map((h) => h.article.id)).toEqual([a.id]);
      expect(search.search({ q: 'council tax', reviewer: reviewer.id }).sources.map((h) => h.source.id)).toEqual([s.id]);
    } finally {
      await done();
    }
  });

  it('lists matching records newest first when there are no search words', async () => {
    const { store, done } = await openStore();
    try {
      const a = article();
      const older = claim(a.id, 'First claim', { createdAt: '2024-01-01T00:00:00Z' });
      const newer = claim(a.id, 'Second claim', { createdAt: '2024-02-01T00:00:00Z' });
      const newest = claim(a.id, 'Third claim', { createdAt: '2024-03-01T00:00:00Z' });
      await seed(store, { articles: [a], claims: [older, newest, newer] });

      const r = new SearchService(store).search({ status: 'new', kind: 'claims', limit: 2 });

      expect(r.matched).toBeNull();
      expect(r.totals.claims).toBe(3);
      expect(r.claims.map((h) => h.claim.id)).toEqual([newest.id, newer.id]);
      expect(r.claims[0]!.score).toBeNull();
    } finally {
      await done();
    }
  });
});

describe('searchQuerySchema', () => {
  it('reads a query string, treating empty fields as no filter', () => {
    expect(parse(searchQuerySchema, { q: ' jobs ', kind: 'claims', status: '', verdict: 'false', from: '2024-01-01', to: '2024-12-31T23:00:00Z', limit: '5', page: '2' })).toEqual({
      q: 'jobs', kind: 'claims', verdict: 'false', from: '2024-01-01', to: '2024-12-31', limit: 5,
    });
  });

  it('refuses unknown values with a 400', () => {
    for (const bad of [{ status: 'done' }, { kind: 'users' }, { type: 'joke' }, { from: 'yesterday' }, { limit: '1000' }, { from: '2024-05-01', to: '2024-04-01' }, { q: ['a', 'b'] }]) {
      expect(() => parse(searchQuerySchema, bad)).toThrow(BadRequestError);
    }
  });
});

describe('saved searches', () => {
  it('belong to their owner, who alone can delete them', async () => {
    const { store, done } = await openStore();
    try {
      const search = new SearchService(store);
      const mine = await search.save(reviewer.id, 'False claims about tax', { q: 'tax', verdict: 'false' }, reviewer);
      await search.save(viewer.id, 'Viewer list', { status: 'checked' }, viewer);

      expect(mine.query).toEqual({ q: 'tax', verdict: 'false' });
      expect(search.saved(reviewer.id).map((s) => s.name)).toEqual(['False claims about tax']);
      await expect(search.remove(mine.id, viewer)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(search.save(reviewer.id, 'Sneaky', {}, viewer)).rejects.toBeInstanceOf(ForbiddenError);
      await search.remove(mine.id, reviewer);
      expect(search.saved(reviewer.id)).toEqual([]);
      expect(search.saved(viewer.id)).toHaveLength(1);
      await expect(search.remove(mine.id, reviewer)).rejects.toBeInstanceOf(NotFoundError);
    } finally {
      await done();
    }
  });

  it('need a name, and saving under the same name replaces the query', async () => {
    const { store, done } = await openStore();
    try {
      const search = new SearchService(store);
      await expect(search.save(reviewer.id, '   ', { q: 'x' }, reviewer)).rejects.toBeInstanceOf(BadRequestError);
      const first = await search.save(reviewer.id, 'Weekly', { q: 'housing' }, reviewer);
      const second = await search.save(reviewer.id, 'weekly', { q: 'rent' }, reviewer);

      expect(second.id).toBe(first.id);
      expect(search.saved(reviewer.id).map((s) => s.query)).toEqual([{ q: 'rent' }]);
    } finally {
      await done();
    }
  });
});
