import { describe, expect, it } from '@jest/globals';
import type { Store } from '../../src/storage/index.js';
import type { ArticleRecord, ClaimRecord } from '../../src/storage/records.js';
import { api, signedIn, testApp } from '../helpers/app.js';
import { article, checked, claim } from './helpers.js';

async function seed(store: Store, articles: ArticleRecord[], claims: ClaimRecord[]): Promise<void> {
  await store.transact((tx) => {
    for (const a of articles) tx.insert('articles', a);
    for (const c of claims) tx.insert('claims', c);
  });
}

describe('search API', () => {
  it('answers a search with JSON results', async () => {
    const t = await testApp();
    try {
      const viewer = await t.user('vera', 'viewer');
      const a = article({ title: 'Energy bills special' });
      const c = checked(a.id, 'Energy bills doubled in two years', 'half_true');
      await seed(t.store, [a], [c]);

      const res = await api(t, viewer).get('/search?q=energy&kind=claims');

      expect(res.status).toBe(200);
      expect(res.body.total).toBe(1);
      expect(res.body.claims[0]).toMatchObject({ claim: { id: c.id }, article: { id: a.id, title: 'Energy bills special' }, verdict: { key: 'half_true', label: 'Half true' } });
    } finally {
      await t.close();
    }
  });

  it('refuses an unknown status or a verdict that is not on the scale with a 400', async () => {
    const t = await testApp();
    try {
      const viewer = await t.user('vera', 'viewer');
      expect((await api(t, viewer).get('/search?status=finished')).status).toBe(400);
      expect((await api(t, viewer).get('/search?verdict=pants_on_fire')).status).toBe(400);
    } finally {
      await t.close();
    }
  });
});

describe('matches API', () => {
  async function withMatch() {
    const t = await testApp();
    const old = article({ title: 'Earlier check', outlet: 'Old Times' });
    const fresh = article({ title: 'New speech' });
    const earlier = checked(old.id, 'Knife crime rose by 12% last year', 'mostly_false', { rationale: 'The rise was 7%.' });
    const repeat = claim(fresh.id, 'Last year knife crime rose by 12%');
    await seed(t.store, [old, fresh], [earlier, repeat]);
    const rev = await t.user('rita', 'reviewer');
    const [match] = await t.services.matching.linkNewClaims(fresh.id, [repeat.id], rev.actor);
    if (!match) throw new Error('expected a match');
    return { t, rev, match, earlier, repeat, old };
  }

  it('lists a claim’s matches with the earlier claim, its article and verdict', async () => {
    const { t, rev, match, earlier, repeat, old } = await withMatch();
    try {
      const res = await api(t, rev).get(`/claims/${repeat.id}/matches`);

      expect(res.status).toBe(200);
      expect(res.body.matches).toEqual([
        expect.objectContaining({
          id: match.id,
          similarity: match.similarity,
          state: 'suggested',
          claim: { id: earlier.id, text: earlier.text, articleId: old.id, verdict: 'mostly_false', rationale: 'The rise was 7%.' },
          article: { id: old.id, title: 'Earlier check', outlet: 'Old Times' },
          verdict: { key: 'mostly_false', label: 'Mostly false' },
        }),
      ]);
      expect((await api(t, rev).get('/claims/clm_missing/matches')).status).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('lets a reviewer reject a match, which then only shows when asked for', async () => {
    const { t, rev, match, repeat } = await withMatch();
    try {
      const res = await api(t, rev).post(`/matches/${match.id}`, { decision: 'rejected' });

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: match.id, state: 'rejected', decidedBy: rev.id });
      expect((await api(t, rev).get(`/claims/${repeat.id}/matches`)).body.matches).toEqual([]);
      expect((await api(t, rev).get(`/claims/${repeat.id}/matches?includeRejected=true`)).body.matches).toHaveLength(1);
    } finally {
      await t.close();
    }
  });

  it('refuses viewers, bad decisions and unknown matches', async () => {
    const { t, rev, match } = await withMatch();
    try {
      const viewer = await t.user('vera', 'viewer');
      expect((await api(t, viewer).post(`/matches/${match.id}`, { decision: 'confirmed' })).status).toBe(403);
      expect((await api(t, rev).post(`/matches/${match.id}`, { decision: 'maybe' })).status).toBe(400);
      expect((await api(t, rev).post('/matches/mat_missing', { decision: 'confirmed' })).status).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('links a repeated claim when an article is imported', async () => {
    const t = await testApp();
    try {
      const rev = await t.user('rita', 'reviewer');
      const old = article();
      const earlier = checked(old.id, 'The unemployment rate fell to 4.1% in March, the lowest level since 1975.', 'true');
      await seed(t.store, [old], [earlier]);

      const { claims } = await t.services.articles.import(
        { title: 'Rally speech', body: 'The minister spoke for an hour.\n\nShe said the unemployment rate fell to 4.1% in March, the lowest level since 1975.\n\nThe crowd cheered.' },
        rev.actor,
      );

      const linked = claims.flatMap((c) => t.services.matching.matchesFor(c.id)).map((v) => v.claim.id);
      expect(linked).toContain(earlier.id);
    } finally {
      await t.close();
    }
  });
});

describe('search pages', () => {
  it('shows results with links and escaped text', async () => {
    const t = await testApp();
    try {
      const viewer = await t.user('vera', 'viewer');
      const a = article({ title: 'Water <b>special</b>' });
      const c = claim(a.id, 'Sewage spills <script>alert(1)</script> tripled');
      await seed(t.store, [a], [c]);
      const browser = await signedIn(t, viewer);

      const { res } = await browser.page('/search?q=sewage');

      expect(res.status).toBe(200);
      expect(res.text).toContain(`href="/claims/${c.id}"`);
      expect(res.text).toContain(`href="/articles/${a.id}"`);
      expect(res.text).toContain('Sewage spills &lt;script&gt;alert(1)&lt;/script&gt; tripled');
      expect(res.text).toContain('Water &lt;b&gt;special&lt;/b&gt;');
      expect(res.text).not.toContain('<script>alert(1)');
      expect(res.text).toContain('<label for="search-q">');
    } finally {
      await t.close();
    }
  });

  it('saves the current search for its owner and deletes it again', async () => {
    const t = await testApp();
    try {
      const viewer = await t.user('vera', 'viewer');
      const other = await t.user('otto', 'viewer');
      const browser = await signedIn(t, viewer);

      const saved = await browser.post('/search/saved', { name: 'Open claims', status: 'new', q: '' }, '/search?status=new');
      expect(saved.status).toBe(302);
      expect(saved.headers.location).toBe('/search?status=new');
      const [record] = t.services.search.saved(viewer.id);
      expect(record).toMatchObject({ name: 'Open claims', query: { status: 'new' } });
      expect((await browser.page('/search')).res.text).toContain('Open claims');
      expect(t.services.search.saved(other.id)).toEqual([]);

      const otherBrowser = await signedIn(t, other);
      expect((await otherBrowser.post(`/search/saved/${record!.id}/delete`, {}, '/search')).status).toBe(403);
      expect((await browser.post(`/search/saved/${record!.id}/delete`, {}, '/search')).status).toBe(302);
      expect(t.services.search.saved(viewer.id)).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('sends a nameless save back to the same search with the reason', async () => {
    const t = await testApp();
    try {
      const viewer = await t.user('vera', 'viewer');
      const browser = await signedIn(t, viewer);

      const res = await browser.post('/search/saved', { name: ' ', q: 'rent' }, '/search?q=rent');

      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/search?q=rent');
      expect((await browser.page('/search?q=rent')).res.text).toContain('Give the search a name.');
      expect(t.services.search.saved(viewer.id)).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('lists the newest records when the form is sent empty, and shows a bad date as an error', async () => {
    const t = await testApp();
    try {
      const viewer = await t.user('vera', 'viewer');
      const a = article({ title: 'Only article' });
      await seed(t.store, [a], []);
      const browser = await signedIn(t, viewer);

      const listed = (await browser.page('/search?q=&kind=all&status=')).res;
      expect(listed.text).toContain(`href="/articles/${a.id}"`);
      const bad = (await browser.page('/search?from=someday')).res;
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('Use a date like 2024-05-31.');
    } finally {
      await t.close();
    }
  });

  it('confirms a match from the claim page and returns to the claim', async () => {
    const t = await testApp();
    try {
      const rev = await t.user('rita', 'reviewer');
      const old = article();
      const fresh = article();
      const earlier = checked(old.id, 'Rail fares rose by 5.9% in March');
      const repeat = claim(fresh.id, 'In March rail fares rose by 5.9%');
      await seed(t.store, [old, fresh], [earlier, repeat]);
      const [match] = await t.services.matching.linkNewClaims(fresh.id, [repeat.id], rev.actor);
      const browser = await signedIn(t, rev);

      const res = await browser.post(`/matches/${match!.id}`, { decision: 'confirmed' }, '/search');

      expect(res.status).toBe(302);
      expect(res.headers.location).toBe(`/claims/${repeat.id}`);
      expect(t.store.get('matches', match!.id)?.state).toBe('confirmed');
    } finally {
      await t.close();
    }
  });
});
