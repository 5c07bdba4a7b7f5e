import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { api, MESSY_ARTICLE, testApp, type TestApp } from '../helpers/app.js';

describe('the JSON API flow: import, review, evidence, report', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('imports an article and returns its claims with exact offsets into the stored text', async () => {
    const admin = await t.user('alice', 'admin');
    const res = await api(t, admin).post('/articles', { body: MESSY_ARTICLE, format: 'text', title: 'Port deal' });
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(/^art_/);
    expect(res.body.claims.length).toBeGreaterThan(3);
    for (const c of res.body.claims) {
      expect(res.body.text.slice(c.start, c.end)).toBe(c.text);
      expect(c.id).toMatch(/^clm_/);
    }
    const texts: string[] = res.body.claims.map((c: { text: string }) => c.text);
    expect(texts.some((s) => s.includes('© 2026'))).toBe(false);
    expect(texts.some((s) => s.includes('U.S. container terminal'))).toBe(true);
  });

  it('runs review, evidence and report end to end with a token', async () => {
    const admin = await t.user('alice', 'admin');
    const client = api(t, admin);
    const article = (await client.post('/articles', { body: MESSY_ARTICLE })).body;
    const claim = article.claims.find((c: { text: string }) => c.text.includes('1.8 million'));
    expect(claim).toBeDefined();

    const evidence = await client.post(`/claims/${claim.id}/evidence`, {
      url: 'https://www.example.org/port-stats?utm_source=x', title: 'Port statistics 2025', stance: 'refutes', quote: '1.6 million TEU',
    });
    expect(evidence.status).toBe(201);
    expect(evidence.body.source.normalizedUrl).toBe('example.org/port-stats');

    const review = await client.post(`/claims/${claim.id}/reviews`, { verdict: 'mostly_false', rationale: 'The port handled **1.6m**, not 1.8m.' });
    expect(review.status).toBe(201);
    expect(review.body.claim.status).toBe('checked');
    expect(review.body.claim.verdict).toBe('mostly_false');

    const json = await client.get(`/articles/${article.id}/report?format=json`);
    expect(json.status).toBe(200);
    const reported = json.body.claims.find((c: { id: string }) => c.id === claim.id);
    expect(reported.verdict.label).toBe('Mostly false');
    expect(reported.sources[0].title).toBe('Port statistics 2025');

    const md = await client.get(`/articles/${article.id}/report?format=md`);
    expect(md.status).toBe(200);
    expect(md.text).toContain('Mostly false');
    const html = await client.get(`/articles/${article.id}/report?format=html`).set('Accept', 'text/html');
    expect(html.status).toBe(200);
    expect(html.text).toContain('<strong>1.6m</strong>');
  });

  it('lists the verdict scale with ranks for ordered ratings only', async () => {
    const viewer = await t.user('vic', 'viewer');
    const res = await api(t, viewer).get('/scale');
    expect(res.status).toBe(200);
    const byKey = Object.fromEntries(res.body.scale.map((e: { key: string }) => [e.key, e]));
    expect(byKey.true.rank).toBe(1);
    expect(byKey.false.rank).toBe(5);
    expect(byKey.unverifiable.rank).toBeNull();
  });
});

describe('bad input gets a clear error and writes nothing', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp({ maxArticleBytes: 2000 });
  });
  afterEach(async () => {
    await t.close();
  });

  it('refuses an empty, oversized or unknown-format article', async () => {
    const admin = await t.user('alice', 'admin');
    const client = api(t, admin);
    const before = t.store.stats().seq;
    const empty = await client.post('/articles', { body: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('invalid_input');
    const big = await client.post('/articles', { body: 'The port handled 1.8 million containers. '.repeat(100) });
    expect(big.status).toBe(413);
    const fmt = await client.post('/articles', { body: 'Some text here.', format: 'pdf' });
    expect(fmt.status).toBe(400);
    expect(fmt.body.error.message).toMatch(/format/i);
    expect(t.store.stats().seq).toBe(before);
    expect(t.store.count('articles')).toBe(0);
  });

  it('refuses source URLs that are not http or https', async () => {
    const admin = await t.user('alice', 'admin');
    const client = api(t, admin);
    const article = (await client.post('/articles', { body: 'The terminal handled 1.8 million containers in 2025.' })).body;
    const res = await client.post(`/claims/${article.claims[0].id}/evidence`, { url: 'javascript:alert(1)', stance: 'supports' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/http/);
    expect(t.store.count('evidence')).toBe(0);
  });

  it('answers unknown ids with 404 and malformed JSON with 400', async () => {
    const admin = await t.user('alice', 'admin');
    const client = api(t, admin);
    expect((await client.get('/claims/clm_nope')).status).toBe(404);
    expect((await client.get('/articles/art_nope')).body.error.code).toBe('not_found');
    const bad = await client.post('/articles').set('Content-Type', 'application/json').send('{"body": ');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('malformed_json');
  });

  it('refuses an unknown verdict and a missing token', async () => {
    const admin = await t.user('alice', 'admin');
    const client = api(t, admin);
    const article = (await client.post('/articles', { body: 'The terminal handled 1.8 million containers in 2025.' })).body;
    const res = await client.post(`/claims/${article.claims[0].id}/reviews`, { verdict: 'pants_on_fire' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('unknown_verdict');
    const anon = await (await import('supertest')).default(t.app).get('/api/v1/articles');
    expect(anon.status).toBe(401);
  });
});
