import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import type { TestUser } from '../helpers/app.js';
import { closeServer, listen, navigating, signIn, startHarness, type Harness } from './helpers.js';

/**
 * Stored XSS: hostile text goes in through every field that reaches a page (article title and body in
 * each format, claim wording, review rationale, adjudication reason, comment, source title and URL,
 * display name, organisation name, verdict label), then every page that shows it is opened in Chromium.
 *
 * The pages' CSP would stop most inline scripts on its own, so the main pass runs with the CSP
 * bypassed: escaping and sanitising must hold by themselves. A second pass with the CSP on checks that
 * the browser never had to refuse anything, which would mean markup from data reached the page.
 */
const PAYLOADS = [
  `<script>window.__xss=1;alert(1)</script>`,
  `<img src=x onerror="window.__xss=1;alert(1)">`,
  `<svg onload="window.__xss=1;alert(1)">`,
  `"><script>window.__xss=1;alert(1)</script>`,
  `'><img src=x onerror=window.__xss=1>`,
  `</textarea><script>window.__xss=1;alert(1)</script>`,
  `</title><script>window.__xss=1</script>`,
  `</script><script>window.__xss=1;alert(1)</script>`,
  `[click me](javascript:window.__xss=1;alert(1))`,
  `[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
  `<a href="javascript:window.__xss=1">link</a>`,
  `<iframe srcdoc="<script>parent.__xss=1;alert(1)</script>"></iframe>`,
  `" onmouseover="window.__xss=1" autofocus onfocus="window.__xss=1" x="`,
  `' onmouseover='window.__xss=1' x='`,
  `{{constructor.constructor('window.__xss=1;alert(1)')()}}`,
  `<%= process.exit(1) %> <%- '<script>window.__xss=1</script>' %>`,
  `<details open ontoggle="window.__xss=1;alert(1)">x</details>`,
  `![pic](x" onerror="window.__xss=1)`,
  `<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>`,
  `<object data="javascript:window.__xss=1"></object><embed src="javascript:window.__xss=1">`,
  `<scr<script>ipt>window.__xss=1</scr</script>ipt>`,
  `<body onload=window.__xss=1><style>*{display:none}</style>`,
  `<a href="jav&#x09;ascript:window.__xss=1">tab</a> <a href=" javascript:window.__xss=1">space</a>`,
];

/** Sentences the extractor turns into claims, each carrying one payload. */
function hostileBody(kind: 'text' | 'markdown' | 'html'): string {
  const lines = PAYLOADS.map((p, i) => `Officials said ${10 + i}% of the 2024 budget ${p} went to the port, the ministry reported.`);
  if (kind === 'html') return `<html><head><title>${PAYLOADS[6]}</title></head><body><article><h1>Port ${PAYLOADS[1]}</h1>${lines.map((l) => `<p>${l}</p>`).join('')}<script>window.__xss=1</script></article></body></html>`;
  if (kind === 'markdown') return `# Port budget ${PAYLOADS[8]}\n\n${lines.join('\n\n')}`;
  return `Port budget\n\n${lines.join('\n\n')}`;
}

const BAD_URLS = [
  'javascript:window.__xss=1',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  '//evil.example/x',
];

// One browser and one app for the file; each describe makes its own users and data.
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('stored XSS through every field that reaches a page', () => {
  let admin: TestUser;
  let mallory: TestUser;
  const pages: string[] = [];

  beforeAll(async () => {
    const s = h.t.services;
    admin = await h.t.user('root', 'admin');
    mallory = await h.t.user('mallory', 'editor');
    const m = s.users.byName('mallory')!;
    await s.users.update(m.id, { version: m.version, displayName: `<img src=x onerror=window.__xss=1>"'` }, admin.actor);

    // Settings: organisation name and a verdict label (charts and badges show it).
    const st = s.settings.get();
    await s.settings.update({
      version: st.version,
      orgName: `Org ${PAYLOADS[0]}`.slice(0, 120),
      orgUrl: 'https://newsroom.example',
      reviewsPerClaim: 2, adjudication: 'disagreement', minSourcesForExtremes: 0, requireRationale: 'yes',
      key: st.scale.map((e) => e.key),
      label: st.scale.map((e) => (e.key === 'half_true' ? `Half ${PAYLOADS[1]}`.slice(0, 80) : e.label)),
      rank: st.scale.map((e) => (e.rank === null ? '' : String(e.rank))),
      value: st.scale.map((e) => (e.value === null ? '' : String(e.value))),
      colour: st.scale.map((e) => e.colour),
    }, admin.actor);

    const articles = [];
    for (const format of ['text', 'markdown', 'html'] as const) {
      const { article, claims } = await s.articles.import(
        { body: hostileBody(format), format, title: format === 'text' ? `Budget ${PAYLOADS[3]}` : undefined, outlet: `Outlet ${PAYLOADS[4]}`, url: `https://news.example/a?x="><script>window.__xss=1</script>` },
        mallory.actor,
      );
      articles.push({ article, claims });
    }
    const { article, claims } = articles[0]!;
    expect(claims.length).toBeGreaterThan(5);

    // Every check-worthy claim gets a source, a review, a comment, and a final verdict; one is reworded.
    const worthy = claims.filter((c) => c.score >= 0.5);
    const first = worthy[0]!;
    await s.claims.patch(first.id, { version: s.claims.require(first.id).version, text: `Reworded ${PAYLOADS[5]} ${PAYLOADS[12]}` }, admin.actor);
    for (const [i, c] of worthy.entries()) {
      const p = PAYLOADS[i % PAYLOADS.length]!;
      await s.sources.addEvidence(c.id, {
        url: `https://evidence.example/${i}?q="><img src=x onerror=window.__xss=1>&r=' onmouseover='window.__xss=1`,
        title: `Source ${p}`.slice(0, 300), publisher: `Pub ${PAYLOADS[(i + 1) % PAYLOADS.length]}`.slice(0, 160),
        stance: 'refutes', quote: `Quote ${p}`, note: `Note ${p}`,
      }, mallory.actor);
      await s.reviews.submit(c.id, { verdict: 'half_true', rationale: `Rationale ${p}\n\n${PAYLOADS.slice(8, 12).join('\n\n')}` }, mallory.actor);
      await s.reviews.comment(c.id, { body: `@root ${p} ${PAYLOADS[(i + 2) % PAYLOADS.length]}` }, mallory.actor);
      if (s.claims.require(c.id).status !== 'checked') {
        await s.reviews.adjudicate(c.id, { verdict: 'half_true', reason: `Reason ${p}` }, admin.actor);
      }
    }
    await s.exports.publish(article.id, { correction: undefined }, admin.actor);

    const sources = s.sources.list();
    pages.push(
      '/', '/queue', '/team', '/sources', '/history', '/users', `/users/${mallory.id}`, '/account', '/settings',
      '/search?q=officials', `/search?q=${encodeURIComponent(PAYLOADS[0]!)}`, `/search?q=budget&kind=claims`,
      ...articles.flatMap(({ article: a }) => [`/articles/${a.id}`, `/articles/${a.id}/report`, `/articles/${a.id}/agreement`]),
      `/reports/${article.id}`, `/reports/${article.id}/v/1`,
      ...articles.flatMap(({ claims: cs }) => cs.slice(0, 8).map((c) => `/claims/${c.id}`)),
      ...sources.slice(0, 4).map((src) => `/sources/${src.id}`),
    );
  });
  /** Opens each page, fails on any dialog, canary, handler attribute, script URL or foreign script. */
  async function sweep(page: Page, paths: string[]): Promise<string[]> {
    const findings: string[] = [];
    let current = '';
    page.on('dialog', (d) => {
      findings.push(`${current}: a ${d.type()} dialog opened: ${d.message()}`);
      void d.dismiss();
    });
    for (const path of paths) {
      current = path;
      const res = await page.goto(`${h.base}${path}`);
      if (res?.status() !== 200) findings.push(`${path}: status ${res?.status()}`);
      // Give focus and hover handlers (autofocus, onmouseover) a chance to run if any were injected.
      await page.mouse.move(300, 300);
      await page.mouse.move(600, 500);
      const report: unknown = await page.evaluate(`(() => {
        const out = [];
        if (typeof window.__xss !== 'undefined') out.push('window.__xss was set');
        for (const el of document.querySelectorAll('*')) {
          for (const a of el.attributes) {
            if (/^on/i.test(a.name)) out.push('handler attribute ' + a.name + ' on <' + el.tagName.toLowerCase() + '>');
            if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href'].includes(a.name.toLowerCase()) && /^\\s*(javascript|data|vbscript):/i.test(a.value.replace(/[\\u0000-\\u0020]/g, ''))) {
              out.push(a.name + '=' + a.value.slice(0, 60) + ' on <' + el.tagName.toLowerCase() + '>');
            }
          }
        }
        for (const el of document.querySelectorAll('iframe, object, embed, frame, base, meta[http-equiv], [srcdoc]')) out.push('<' + el.tagName.toLowerCase() + '> element');
        for (const s of document.scripts) {
          if (!(s.getAttribute('src') === '/static/app.js' || s.type === 'application/ld+json')) out.push('foreign <script>: ' + s.outerHTML.slice(0, 80));
          if (s.type === 'application/ld+json') { try { JSON.parse(s.textContent); } catch (e) { out.push('JSON-LD does not parse: ' + e); } }
        }
        const styles = document.querySelectorAll('style, [style]');
        for (const el of styles) if (!el.closest('svg')) out.push('<' + el.tagName.toLowerCase() + '> style from data');
        return out;
      })()`);
      if (!Array.isArray(report)) throw new Error(`page check returned ${JSON.stringify(report)}`);
      for (const f of report) findings.push(`${path}: ${String(f)}`);
    }
    return findings;
  }

  it('shows the payloads as text on every page, with the CSP switched off: escaping alone holds', async () => {
    const { page } = await signIn(h, admin, { bypassCSP: true });
    const findings = await sweep(page, pages);
    expect(findings).toEqual([]);

    // The payloads are really on the pages, as visible text.
    const article = h.t.services.articles.list().find((a) => a.title.startsWith('Budget'))!;
    await page.goto(`${h.base}/articles/${article.id}`);
    await expect(page.locator('h1').textContent()).resolves.toBe(`Budget ${PAYLOADS[3]}`);
    await expect(page.locator('#article-text').textContent()).resolves.toContain(PAYLOADS[0]);
    await page.goto(`${h.base}/users/${mallory.id}`);
    await expect(page.locator('h1').textContent()).resolves.toContain('<img src=x onerror=window.__xss=1>');
    await page.context().close();
  });

  it('the sweep itself notices an injected handler, script URL and canary (a control for the checks above)', async () => {
    const { page } = await signIn(h, admin, { bypassCSP: true });
    await page.route(`${h.base}/team`, async (route) => {
      const res = await route.fetch();
      const html = (await res.text()).replace('<h1>', `<h1><img src=x onerror="window.__xss=1"><a href=" javascript:void 0">x</a>`);
      await route.fulfill({ response: res, body: html });
    });
    const findings = await sweep(page, ['/team']);
    expect(findings).toEqual(expect.arrayContaining([
      '/team: window.__xss was set',
      '/team: handler attribute onerror on <img>',
      expect.stringMatching(/^\/team: href= javascript:void 0 on <a>/),
    ]));
    await page.context().close();
  });

  it('never makes the browser refuse inline script or style under the real CSP', async () => {
    const { page } = await signIn(h, admin);
    const refusals: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) refusals.push(`${page.url()}: ${m.text()}`);
    });
    const findings = await sweep(page, pages);
    expect(findings).toEqual([]);
    expect(refusals).toEqual([]);
    await page.context().close();
  });

  it('refuses non-http(s) source and article URLs through the API and stores nothing', async () => {
    const s = h.t.services;
    const claim = s.articles.claims(s.articles.list()[0]!.id)[0]!;
    const sourcesBefore = s.sources.list().length;
    const articlesBefore = s.articles.list().length;
    const post = (path: string, body: object) =>
      fetch(`${h.base}/api/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
      });
    for (const url of BAD_URLS) {
      const ev = await post(`/claims/${claim.id}/evidence`, { url, title: 'x', stance: 'supports' });
      expect({ url, status: ev.status }).toEqual({ url, status: 400 });
      const art = await post('/articles', { url, body: 'The port handled 1.8 million containers in 2024, officials said.' });
      expect({ url, status: art.status }).toEqual({ url, status: 400 });
    }
    expect(s.sources.list().length).toBe(sourcesBefore);
    expect(s.articles.list().length).toBe(articlesBefore);
  });
});

describe('cross-site request forgery', () => {
  let attacker: Server;
  let attackerBase = '';
  let admin: TestUser;
  let context: BrowserContext;
  let page: Page;

  let articlesBefore = 0;

  beforeAll(async () => {
    admin = await h.t.user('csrf-admin', 'admin');
    articlesBefore = h.t.store.count('articles');
    const target = h.base;
    // The attacker's pages: a form that posts to the app as soon as it loads, and a fetch that tries.
    attacker = createServer((req, res) => {
      const forged = req.url?.includes('forged') ? '<input type="hidden" name="_csrf" value="forged-token-123">' : '';
      const html = req.url?.startsWith('/fetch')
        ? `<!doctype html><title>win a prize</title><script>
            fetch(${JSON.stringify(`${target}/articles`)}, { method: 'POST', mode: 'no-cors', credentials: 'include',
              headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'body=' + encodeURIComponent('Forged by fetch: the port handled 9 million containers.') })
              .finally(() => { document.title = 'sent'; });
          </script>`
        : `<!doctype html><title>win a prize</title>
          <form id="f" method="post" action="${target}/articles">${forged}
            <input type="hidden" name="body" value="Forged article: the port handled 9 million containers in 2024, officials said.">
          </form><script>document.getElementById('f').submit();</script>`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    });
    attackerBase = await listen(attacker);
    ({ context, page } = await signIn(h, admin));
  });
  afterAll(async () => {
    await context?.close();
    if (attacker) await closeServer(attacker);
  });

  async function forge(url: string): Promise<number> {
    const response = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().startsWith(`${h.base}/articles`));
    await page.goto(url);
    return (await response).status();
  }

  it('refuses a form posted to /articles from another origin while signed in (403), and writes nothing', async () => {
    // Same site, other origin (another port on 127.0.0.1): the Lax session cookie IS sent, so only the token stops it.
    expect(await forge(`${attackerBase}/`)).toBe(403);
    await expect(page.locator('main').textContent()).resolves.toContain('form has expired');
    expect(await forge(`${attackerBase}/forged`)).toBe(403);
    // Another site altogether (localhost vs 127.0.0.1).
    expect(await forge(`${attackerBase.replace('127.0.0.1', 'localhost')}/`)).toBe(403);
    expect(h.t.store.count('articles')).toBe(articlesBefore);
  });

  it('refuses a credentialed cross-origin fetch too', async () => {
    // The browser hides the answer from the attacker (CORP same-origin), so read it on the server.
    const seen: Array<{ method: string; url: string; status: number }> = [];
    const record = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) =>
      res.on('finish', () => seen.push({ method: req.method ?? '', url: req.url ?? '', status: res.statusCode }));
    h.server.on('request', record);
    try {
      const sent = page.waitForEvent('requestfailed', (r) => r.method() === 'POST' && r.url().startsWith(`${h.base}/articles`));
      await page.goto(`${attackerBase}/fetch`);
      await sent;
      await page.waitForFunction(`document.title === 'sent'`);
      expect(seen.filter((r) => r.method === 'POST')).toEqual([{ method: 'POST', url: '/articles', status: 403 }]);
      expect(h.t.store.count('articles')).toBe(articlesBefore);
    } finally {
      h.server.off('request', record);
    }
  });

  it('still accepts the same import from the app’s own form (the token works)', async () => {
    await page.goto(`${h.base}/articles/new`);
    await page.getByLabel('Paste the text').fill('The port handled 1.8 million containers in 2024, officials said.');
    await navigating(page, () => page.getByRole('button', { name: 'Import and split into claims' }).click());
    expect(h.t.store.count('articles')).toBe(articlesBefore + 1);
  });
});
