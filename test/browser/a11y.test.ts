import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BrowserContextOptions, Page } from 'playwright-core';
import type { TestUser } from '../helpers/app.js';
import { newContext, NEWS_TEXT, signIn, startHarness, type Harness } from './helpers.js';

/**
 * axe-core on every page, as the people who use them see them: signed in with the right role, with
 * real data on the page (reviews, evidence, comments, charts), at desktop and phone widths, light and dark.
 * Only serious and critical findings fail; they are printed one per line with the offending elements.
 */

// The pages' CSP allows only same-origin scripts, so axe is not added as a <script>: it is evaluated
// through the DevTools protocol, which the page's CSP does not govern. The CSP itself stays on, so the
// pages are checked exactly as served.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded: unknown = await page.evaluate('typeof window.axe');
  if (loaded !== 'object') await page.evaluate(AXE_SOURCE);
  const raw: unknown = await page.evaluate(`axe.run(document, {
    resultTypes: ['violations'],
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  }).then((r) => r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
  })))`);
  if (!Array.isArray(raw)) throw new Error(`axe returned ${JSON.stringify(raw)}`);
  return raw as AxeViolation[];
}

function describeViolations(where: string, violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 6)
        .map((n) => `      at ${n.target.map(String).join(' ')}\n        ${n.html.slice(0, 200)}\n        ${(n.failureSummary ?? '').replace(/\n/g, '\n        ')}`)
        .join('\n');
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element(s))\n    ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
}

/** Loads a page and asserts no serious or critical axe violation; a response status is checked too. */
async function expectAccessible(page: Page, url: string, status = 200): Promise<void> {
  const res = await page.goto(url);
  expect(res?.status()).toBe(status);
  const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length) throw new Error(`axe found ${serious.length} serious/critical violation(s) on ${url}:\n${describeViolations(url, serious)}`);
}

describe('accessibility of every page (axe-core, serious and critical)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  describe('before anyone signs in', () => {
    it('the first-run setup page', async () => {
      const page = await (await newContext(h)).newPage();
      await expectAccessible(page, `${h.base}/setup`);
      await page.context().close();
    });
  });

  describe('with a desk full of work', () => {
    let admin: TestUser;
    let ana: TestUser;
    let ids: { article: string; claim: string; published: string; source: string; otherUser: string };

    beforeAll(async () => {
      const s = h.t.services;
      admin = await h.t.user('admin', 'admin');
      const editor = await h.t.user('eddie', 'editor');
      ana = await h.t.user('ana', 'reviewer');
      const ben = await h.t.user('ben', 'reviewer');

      const { article, claims } = await s.articles.import({ body: NEWS_TEXT, outlet: 'Reuters', url: 'https://news.example/harbour', publishedAt: '2026-03-03' }, editor.actor);
      const claim = claims.find((c) => c.text.includes('1.8 million'))!;
      const other = claims.find((c) => c.text.includes('Unemployment'))!;
      await s.reviews.assign([claim.id, other.id], [ana.id, ben.id], editor.actor);
      const ev = await s.sources.addEvidence(claim.id, { url: 'https://port.example/annual-report', title: 'Port authority annual report', publisher: 'Port Authority', stance: 'refutes', quote: 'Throughput: 1.6 million TEU.' }, ana.actor);
      await s.sources.addEvidence(claim.id, { url: 'https://stats.example/ports', title: 'National port statistics', stance: 'context' }, ben.actor);
      await s.reviews.submit(claim.id, { verdict: 'false', rationale: 'The report says **1.6 million**, see [the report](https://port.example/annual-report).', confidence: 0.8 }, ana.actor);
      await s.reviews.submit(claim.id, { verdict: 'mostly_false', rationale: 'Close to 1.6 million; the growth figure is also off.' }, ben.actor);
      await s.reviews.comment(claim.id, { body: '@ana do we have the **2024** figure?' }, editor.actor);
      // A second claim checked by both, so the team charts and agreement tables have numbers.
      await s.reviews.submit(other.id, { verdict: 'true', rationale: 'Matches the March release.' }, ana.actor);
      await s.reviews.submit(other.id, { verdict: 'true', rationale: 'Confirmed with the statistics office.' }, ben.actor);

      // A small article checked and published, for the public report page.
      const small = await s.articles.import({ body: 'Unemployment fell to 4.1% in March, the statistics office said.', title: 'Jobs report', outlet: 'Daily Ledger' }, editor.actor);
      for (const c of small.claims.filter((c) => c.score >= 0.5)) {
        await s.sources.addEvidence(c.id, { url: 'https://stats.example/march', title: 'March labour market release', stance: 'supports' }, editor.actor);
        await s.reviews.submit(c.id, { verdict: 'mostly_true', rationale: 'The release says 4.1%, seasonally adjusted.' }, editor.actor);
      }
      await s.exports.publish(small.article.id, {}, editor.actor);
      ids = { article: article.id, claim: claim.id, published: small.article.id, source: ev.source.id, otherUser: ana.id };
    });

    it('the login page', async () => {
      const page = await (await newContext(h)).newPage();
      await expectAccessible(page, `${h.base}/login`);
      await page.context().close();
    });

    describe('as an admin on a desktop screen', () => {
      let page: Page;
      beforeAll(async () => {
        page = (await signIn(h, admin)).page;
      });
      afterAll(async () => {
        await page.context().close();
      });

      const pages: Array<[string, () => string, number?]> = [
        ['the desk', () => '/'],
        ['the import form', () => '/articles/new'],
        ['an article page', () => `/articles/${ids.article}`],
        ['a claim page with reviews, evidence and comments', () => `/claims/${ids.claim}`],
        ['my queue', () => '/queue'],
        ['the team dashboard', () => '/team'],
        ['the source library', () => '/sources'],
        ['a source page', () => `/sources/${ids.source}`],
        ['the live report', () => `/articles/${ids.article}/report`],
        ['a published report', () => `/reports/${ids.published}`],
        ['the agreement page', () => `/articles/${ids.article}/agreement`],
        ['the users page', () => '/users'],
        ['a user page', () => `/users/${ids.otherUser}`],
        ['the settings page', () => '/settings'],
        ['the account page', () => '/account'],
        ['the history', () => '/history'],
        ['backup and restore', () => '/admin/backup'],
        ['the search page', () => '/search'],
        ['search results', () => '/search?q=containers'],
        ['the 404 page', () => '/no/such/page', 404],
      ];
      for (const [name, path, status] of pages) {
        it(name, async () => {
          await expectAccessible(page, `${h.base}${path()}`, status ?? 200);
        });
      }

      it('the keyboard shortcuts dialog, open', async () => {
        await page.goto(`${h.base}/claims/${ids.claim}`);
        await page.locator('body').click({ position: { x: 5, y: 5 } });
        await page.keyboard.press('?');
        await expect(page.locator('#shortcuts').isVisible()).resolves.toBe(true);
        const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
        if (serious.length) throw new Error(describeViolations('shortcuts dialog', serious));
      });
    });

    describe('as a reviewer still reviewing blind', () => {
      it('the claim page with the blind-review notice', async () => {
        const s = h.t.services;
        const claim = s.articles.claims(ids.article).find((c) => c.text.includes('critical infrastructure'))!;
        const carl = await h.t.user('carl', 'reviewer');
        await s.reviews.assign([claim.id], [carl.id, ana.id], admin.actor);
        await s.reviews.submit(claim.id, { verdict: 'half_true', rationale: 'Quoted correctly, but the claim is an opinion.' }, ana.actor);
        const { page } = await signIn(h, carl);
        await expectAccessible(page, `${h.base}/claims/${claim.id}`);
        await page.context().close();
      });
    });

    const variants: Array<[string, BrowserContextOptions]> = [
      ['on a phone (375 px wide)', { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }],
      ['in dark mode', { colorScheme: 'dark' }],
    ];
    for (const [variant, options] of variants) {
      describe(variant, () => {
        let page: Page;
        beforeAll(async () => {
          page = (await signIn(h, admin, options)).page;
        });
        afterAll(async () => {
          await page.context().close();
        });
        it('the claim page', async () => {
          await expectAccessible(page, `${h.base}/claims/${ids.claim}`);
        });
        it('the article page', async () => {
          await expectAccessible(page, `${h.base}/articles/${ids.article}`);
        });
        it('the team dashboard', async () => {
          await expectAccessible(page, `${h.base}/team`);
        });
        it('the desk', async () => {
          await expectAccessible(page, `${h.base}/`);
        });
      });
    }
  });
});
