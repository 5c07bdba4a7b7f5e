import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { api, csrfFrom, MESSY_ARTICLE, signedIn, testApp, type TestApp } from '../helpers/app.js';

describe('first run, sign-in and CSRF', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp({ loginMaxAttempts: 3 });
  });
  afterEach(async () => {
    await t.close();
  });

  it('offers to create the admin account on an empty database, then never again', async () => {
    const agent = request.agent(t.app);
    expect((await agent.get('/')).headers.location).toBe('/setup');
    const page = await agent.get('/setup');
    expect(page.text).toContain('Create the admin account');
    const res = await agent.post('/setup').type('form').send({ _csrf: csrfFrom(page.text), name: 'Alice', password: 'correct horse battery', confirm: 'correct horse battery' });
    expect(res.status).toBe(302);
    const user = t.services.users.byName('alice');
    expect(user?.role).toBe('admin');
    expect(user?.passwordHash).toMatch(/^scrypt\$/);
    expect((await agent.get('/')).status).toBe(200);
    expect((await request(t.app).get('/setup')).headers.location).toBe('/login');
  });

  it('refuses a state-changing form without a valid CSRF token', async () => {
    const admin = await t.user('alice', 'admin');
    const session = await signedIn(t, admin);
    const res = await session.agent.post('/articles').type('form').send({ body: MESSY_ARTICLE });
    expect(res.status).toBe(403);
    expect(res.text).toContain('form has expired');
    expect(t.store.count('articles')).toBe(0);
  });

  it('locks out repeated failed sign-ins with the same message whether or not the user exists', async () => {
    await t.user('alice', 'admin');
    const agent = request.agent(t.app);
    const page = await agent.get('/login');
    const csrf = csrfFrom(page.text);
    for (const name of ['alice', 'nobody']) {
      let last = 0;
      let text = '';
      for (let i = 0; i < 4; i++) {
        const r = await agent.post('/login').type('form').send({ _csrf: csrf, name, password: 'wrong password' });
        last = r.status;
        text = r.text;
      }
      expect(last).toBe(429);
      expect(text).toContain('Too many sign-in attempts');
    }
  });

  it('sets security headers and an HttpOnly SameSite session cookie', async () => {
    const admin = await t.user('alice', 'admin');
    const agent = request.agent(t.app);
    const login = await agent.get('/login');
    expect(login.headers['content-security-policy']).toContain("script-src 'self'");
    expect(login.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(login.headers['x-content-type-options']).toBe('nosniff');
    const res = await agent.post('/login').type('form').send({ _csrf: csrfFrom(login.text), name: admin.name, password: admin.password });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });
});

describe('pages a reviewer works in', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('imports an uploaded HTML file and shows the claims highlighted in place', async () => {
    const admin = await t.user('alice', 'admin');
    const s = await signedIn(t, admin);
    const { csrf } = await s.page('/articles/new');
    const html = '<html><body><nav>Home | World</nav><article><h1>Port deal stalls</h1><p>The terminal handled 1.8 million containers last year, up 12% from 2024.</p><p>Officials said the review could take 90 days.</p></article><footer>© 2026 Example News</footer></body></html>';
    const res = await s.agent.post('/articles').field('_csrf', csrf).field('outlet', 'Example News').attach('file', Buffer.from(html), 'port.html');
    expect(res.status).toBe(302);
    const page = await s.agent.get(res.headers.location!);
    expect(page.status).toBe(200);
    expect(page.text).toContain('class="claim-mark worthy');
    expect(page.text).toContain('1.8 million containers');
    expect(page.text).not.toContain('Home | World');
  });

  it('imports several uploaded files at once, one article each', async () => {
    const admin = await t.user('alice', 'admin');
    const s = await signedIn(t, admin);
    const { csrf } = await s.page('/articles/new');
    const res = await s.agent
      .post('/articles')
      .field('_csrf', csrf)
      .attach('file', Buffer.from('# Budget\n\nThe council cut £4.5m from libraries in 2025.'), 'budget.md')
      .attach('file', Buffer.from('Unemployment fell to 4.1% in March, the statistics office said.'), 'jobs.txt');
    expect(res.status).toBe(302);
    expect(t.services.articles.list().map((a) => a.title).sort()).toEqual(['Budget', 'Unemployment fell to 4.1% in March, the statistics office said.']);
    const desk = await s.agent.get('/');
    expect(desk.text).toContain('Imported 2 of 2 files');
  });

  it('answers the page script\'s upload with the next page as JSON, leaving the flash for that page', async () => {
    const admin = await t.user('alice', 'admin');
    const s = await signedIn(t, admin);
    const { csrf } = await s.page('/articles/new');
    const res = await s.agent
      .post('/articles')
      .set('X-Requested-With', 'XMLHttpRequest')
      .field('_csrf', csrf)
      .attach('file', Buffer.from('Unemployment fell to 4.1% in March, the statistics office said.'), 'jobs.txt');
    expect(res.status).toBe(200);
    expect(res.body.location).toMatch(/^\/articles\/art_/);
    const next = await s.agent.get(res.body.location);
    expect(next.text).toContain('Imported “Unemployment fell');
  });

  it('refuses an upload that is not text', async () => {
    const admin = await t.user('alice', 'admin');
    const s = await signedIn(t, admin);
    const { csrf } = await s.page('/articles/new');
    const res = await s.agent.post('/articles').field('_csrf', csrf).attach('file', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), 'photo.png');
    expect(res.status).toBe(400);
    expect(res.text).toContain('photo.png: upload .txt, .md or .html files.');
    expect(t.store.count('articles')).toBe(0);
  });

  it('escapes user text and sanitizes rendered Markdown', async () => {
    const admin = await t.user('alice', 'admin');
    const client = api(t, admin);
    const article = (await client.post('/articles', { title: '<script>alert(1)</script>Port', body: 'The terminal handled <img src=x onerror=alert(1)> 1.8 million containers in 2025.' })).body;
    const claimId = article.claims[0].id;
    await client.post(`/claims/${claimId}/reviews`, { verdict: 'false', rationale: 'See [this](javascript:alert(2)) and <script>alert(3)</script> **bold**' });
    const s = await signedIn(t, admin);
    const page = await s.agent.get(`/claims/${claimId}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).not.toContain('javascript:alert');
    expect(page.text).not.toMatch(/<img[^>]*onerror/);
    expect(page.text).toContain('<strong>bold</strong>');
    const articlePage = await s.agent.get(`/articles/${article.id}`);
    expect(articlePage.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;Port');
  });

  it('shows both versions when a form is based on a stale version', async () => {
    const editor = await t.user('eddie', 'editor');
    const article = (await api(t, editor).post('/articles', { body: 'The terminal handled 1.8 million containers in 2025.' })).body;
    const claimId = article.claims[0].id;
    await api(t, editor).patch(`/claims/${claimId}`, { version: 1, text: 'First edit wins.' });
    const s = await signedIn(t, editor);
    const res = await s.post(`/claims/${claimId}/edit`, { version: 1, text: 'Second edit from an old page' }, `/claims/${claimId}`);
    expect(res.status).toBe(409);
    expect(res.text).toContain('First edit wins.');
    expect(res.text).toContain('Second edit from an old page');
    expect(t.services.claims.require(claimId).text).toBe('First edit wins.');
  });

  it('keeps the typed review when the verdict is missing', async () => {
    const admin = await t.user('alice', 'admin');
    const article = (await api(t, admin).post('/articles', { body: 'The terminal handled 1.8 million containers in 2025.' })).body;
    const claimId = article.claims[0].id;
    const s = await signedIn(t, admin);
    const res = await s.post(`/claims/${claimId}/reviews`, { rationale: 'My long careful rationale' }, `/claims/${claimId}`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('My long careful rationale');
    expect(res.text).toContain('Choose a verdict');
  });

  it('lets an admin create an API token for a teammate, shown once', async () => {
    const admin = await t.user('alice', 'admin');
    const bob = await t.user('bob', 'reviewer');
    const s = await signedIn(t, admin);
    const res = await s.post(`/users/${bob.id}/tokens`, { label: 'import script' }, `/users/${bob.id}`);
    expect(res.status).toBe(200);
    const token = /<code class="token">(cb_[^<]+)<\/code>/.exec(res.text)?.[1];
    expect(token).toBeDefined();
    const me = await request(t.app).get('/api/v1/me').set('Authorization', `Bearer ${token}`);
    expect(me.body.name).toBe('bob');
    const again = await s.agent.get(`/users/${bob.id}`);
    expect(again.text).not.toContain(token!);
  });

  it('renders every main page for each role without errors', async () => {
    const admin = await t.user('alice', 'admin');
    const viewer = await t.user('vic', 'viewer');
    const article = (await api(t, admin).post('/articles', { body: MESSY_ARTICLE })).body;
    const claimId = article.claims[0].id;
    for (const user of [admin, viewer]) {
      const s = await signedIn(t, user);
      for (const url of ['/', '/queue', `/articles/${article.id}`, `/claims/${claimId}`, `/articles/${article.id}/report`, `/articles/${article.id}/agreement`, '/team', '/sources', '/account', '/search']) {
        const res = await s.agent.get(url);
        expect([url, res.status]).toEqual([url, 200]);
      }
      const adminOnly = await s.agent.get('/users');
      expect(adminOnly.status).toBe(user === admin ? 200 : 403);
    }
  });
});
