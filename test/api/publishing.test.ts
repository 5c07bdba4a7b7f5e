import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { api, testApp, type TestApp, type TestUser } from '../helpers/app.js';

const BODY = `The terminal handled 1.8 million containers last year, up 12% from 2024, according to the port authority.

Unemployment fell to 4.1% in March, the statistics office said.`;

describe('publishing, ClaimReview and exports', () => {
  let t: TestApp;
  let editor: TestUser;
  let articleId: string;
  let claims: Array<{ id: string; text: string }>;

  beforeEach(async () => {
    t = await testApp();
    editor = await t.user('eddie', 'editor');
    const res = await api(t, editor).post('/articles', { body: BODY, outlet: 'Harbour Times', url: 'https://news.example/port', publishedAt: '2026-01-14' });
    articleId = res.body.id;
    claims = res.body.claims;
  });
  afterEach(async () => {
    await t.close();
  });

  async function checkAll() {
    const c = api(t, editor);
    for (const claim of claims) {
      await c.post(`/claims/${claim.id}/evidence`, { url: `https://stats.example/${claim.id}/a`, title: 'Official statistics', stance: 'refutes' });
      await c.post(`/claims/${claim.id}/evidence`, { url: `https://other.example/${claim.id}/b`, title: 'Second source', stance: 'refutes' });
      await c.post(`/claims/${claim.id}/reviews`, { verdict: 'false', rationale: 'The official figure is different. See the release.' });
    }
  }

  it('lists unmet gates with 422 before every check-worthy claim is checked', async () => {
    const res = await api(t, editor).post(`/articles/${articleId}/publish`);
    expect(res.status).toBe(422);
    expect(res.body.error.details.gates.some((g: { code: string }) => g.code === 'unchecked')).toBe(true);
    expect(t.store.count('publications')).toBe(0);
  });

  it('publishes a stable version, and a later change becomes a new version with its correction', async () => {
    await checkAll();
    const v1 = await api(t, editor).post(`/articles/${articleId}/publish`);
    expect(v1.status).toBe(201);
    expect(v1.body.version).toBe(1);
    expect(v1.body.url).toMatch(new RegExp(`/reports/${articleId}/v/1$`));

    await api(t, editor).patch(`/claims/${claims[0]!.id}`, { version: t.services.claims.require(claims[0]!.id).version, text: 'Reworded claim text' });
    const published = await api(t, editor).get(`/articles/${articleId}/published/1`);
    expect(JSON.stringify(published.body.snapshot)).not.toContain('Reworded claim text');

    const noNote = await api(t, editor).post(`/articles/${articleId}/publish`);
    expect(noNote.status).toBe(422);
    const v2 = await api(t, editor).post(`/articles/${articleId}/publish`, { correction: 'Claim 1 was reworded for accuracy.' });
    expect(v2.status).toBe(201);
    expect(v2.body.version).toBe(2);
    const latest = await api(t, editor).get(`/articles/${articleId}/published`);
    expect(latest.body.snapshot.publication.correction).toBe('Claim 1 was reworded for accuracy.');
    expect(latest.body.snapshot.publication.dateModified >= latest.body.snapshot.publication.datePublished).toBe(true);

    const page = await (await import('supertest')).default(t.app).get(`/reports/${articleId}/v/2`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Claim 1 was reworded for accuracy.');
  });

  it('serves ClaimReview JSON-LD with the required and recommended fields', async () => {
    await checkAll();
    const res = await api(t, editor).get(`/claims/${claims[0]!.id}/claimreview`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/ld\+json/);
    const cr = JSON.parse(res.text);
    expect(cr['@context']).toBe('https://schema.org');
    expect(cr['@type']).toBe('ClaimReview');
    expect(cr.claimReviewed.length).toBeLessThan(75);
    expect(cr.reviewRating.alternateName).toBe('False');
    expect(cr.reviewRating.ratingValue).toBe(1);
    expect(cr.url).toContain(`#claim-${claims[0]!.id}`);
    expect(cr.author.name).toBeTruthy();
    expect(cr.datePublished).toBeTruthy();
    expect(cr.itemReviewed['@type']).toBe('Claim');
    expect(cr.itemReviewed.appearance.url).toBe('https://news.example/port');
    const all = await api(t, editor).get(`/articles/${articleId}/claimreview`);
    expect(JSON.parse(all.text)).toHaveLength(claims.length);
  });

  it('exports CSV with neutralised formulas', async () => {
    const c = api(t, editor);
    await c.patch(`/claims/${claims[0]!.id}`, { version: 1, text: '=HYPERLINK("http://evil.example","click")' });
    const res = await c.get(`/articles/${articleId}/report?format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.text).toContain('claim_id');
    expect(res.text).toContain(`"'=HYPERLINK(`);
    expect(res.text).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  it('backs up and restores the whole database', async () => {
    const admin = await t.user('root', 'admin');
    await checkAll();
    const backup = await api(t, admin).get('/backup');
    expect(backup.status).toBe(200);
    const dump = JSON.parse(backup.text);
    expect(dump.articles).toHaveLength(1);
    await api(t, admin).post('/articles', { body: 'A second article that the restore will remove, with 3 numbers.' });
    expect(t.store.count('articles')).toBe(2);
    const restored = await api(t, admin).post('/restore', dump);
    expect(restored.status).toBe(200);
    expect(t.store.count('articles')).toBe(1);
    expect(t.store.get('claims', claims[0]!.id)?.verdict).toBe('false');
    const refused = await api(t, admin).post('/restore', { hello: 'world' });
    expect(refused.status).toBe(400);
    expect(t.store.count('articles')).toBe(1);
  });
});
