import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { evalNumber, navigating, newContext, NEWS_TEXT, startHarness, watchProblems, type Harness, type PageProblems } from './helpers.js';

/**
 * One person runs the desk from an empty database: first-run setup, import, triage, evidence,
 * a verdict given with the keyboard, and the report. Each step goes through the real pages.
 */
describe('a fact-checker working through one article in the browser', () => {
  let h: Harness;
  let page: Page;
  let problems: PageProblems;
  let articleUrl = '';

  beforeAll(async () => {
    h = await startHarness();
    const context = await newContext(h);
    page = await context.newPage();
    problems = watchProblems(page);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('creates the admin account on the first-run setup page', async () => {
    await page.goto(`${h.base}/`);
    expect(new URL(page.url()).pathname).toBe('/setup');
    await page.locator('#name').fill('maria');
    await page.locator('#displayName').fill('Maria Okafor');
    await page.locator('#password').fill('correct horse battery');
    await page.locator('#confirm').fill('correct horse battery');
    await navigating(page, () => page.getByRole('button', { name: 'Create the admin account' }).click());
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Welcome, Maria Okafor');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Desk');
    expect(h.t.services.users.byName('maria')?.role).toBe('admin');
  });

  it('imports pasted news text and shows its claims highlighted, with the clutter struck out', async () => {
    await navigating(page, () => page.getByRole('link', { name: 'Import an article' }).click());
    expect(new URL(page.url()).pathname).toBe('/articles/new');
    await page.getByLabel('Outlet').fill('Reuters');
    await page.getByLabel('Paste the text').fill(NEWS_TEXT);
    await navigating(page, () => page.getByRole('button', { name: 'Import and split into claims' }).click());
    articleUrl = page.url();
    await expect(page.locator('.flash-success').textContent()).resolves.toMatch(/Imported “.+”: \d+ claim candidates/);

    const marks = page.locator('#article-text a.claim-mark');
    expect(await marks.count()).toBeGreaterThanOrEqual(3);
    const markTexts = await marks.allTextContents();
    expect(markTexts.some((t) => t.includes('1.8 million containers'))).toBe(true);
    // Curly quotes and "U.S." survive the import unchanged, and the quote is attributed to its speaker.
    const text = (await page.locator('#article-text').textContent()) ?? '';
    expect(text).toContain('“We are not going to let critical infrastructure slip out of American hands,”');
    expect(text).toContain('a U.S. container terminal');
    const quote = page.locator('.claim-item', { hasText: 'critical infrastructure' });
    await expect(quote.locator('.speaker').textContent()).resolves.toContain('Rebecca Hale');
    // The copyright line is shown as clutter, never as a claim.
    await expect(page.locator('#article-text .clutter', { hasText: '© 2026 Reuters' }).count()).resolves.toBe(1);
    expect(markTexts.some((t) => t.includes('©'))).toBe(false);
  });

  it('adds a selected span of the article text as a claim: the script fills in the offsets', async () => {
    const phrase = 'three people familiar with the matter said on Tuesday';
    // Select the phrase with the DOM Range API, as a mouse drag would.
    const selected = await page.evaluate(`(() => {
      const root = document.getElementById('article-text');
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = n.data.indexOf(${JSON.stringify(phrase)});
        if (i < 0) continue;
        const range = document.createRange();
        range.setStart(n, i);
        range.setEnd(n, i + ${phrase.length});
        const sel = document.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        return sel.toString();
      }
      return null;
    })()`);
    expect(selected).toBe(phrase);
    const article = h.t.services.articles.list()[0]!;
    const start = article.text.indexOf(phrase);
    expect(start).toBeGreaterThan(0);
    // selectionchange is asynchronous: wait for the form to follow the selection.
    await page.waitForFunction(`document.getElementById('sel-start').value === '${start}'`);
    await expect(page.locator('#sel-end').inputValue()).resolves.toBe(String(start + phrase.length));
    await expect(page.locator('#selection-hint').textContent()).resolves.toBe(`Selected ${phrase.length} characters.`);

    await navigating(page, () => page.getByRole('button', { name: 'Add as a claim' }).click());
    await expect(page.locator('.flash-success').textContent()).resolves.toContain('Claim added from your selection.');
    const added = h.t.services.articles.claims(article.id).find((c) => c.origin === 'manual');
    expect(added?.text).toBe(phrase);
    await expect(page.locator(`#claim-${added!.id} .claim-link`).textContent()).resolves.toBe(phrase);
  });

  it('also takes a selection made by dragging the mouse over the text', async () => {
    const mark = page.locator('#article-text a.claim-mark', { hasText: 'Unemployment' });
    const box = await mark.boundingBox();
    expect(box).not.toBeNull();
    // Drag from just left of the span's first line into it: the offsets land inside the claim text.
    await page.mouse.move(box!.x + 2, box!.y + box!.height / 2);
    await page.mouse.down();
    await page.mouse.move(box!.x + Math.min(box!.width - 2, 200), box!.y + box!.height / 2, { steps: 5 });
    await page.mouse.up();
    const article = h.t.services.articles.list()[0]!;
    const from = article.text.indexOf('Unemployment');
    await page.waitForFunction(`Number(document.getElementById('sel-end').value) > Number(document.getElementById('sel-start').value) && Number(document.getElementById('sel-start').value) >= ${from - 1}`);
    const start = Number(await page.locator('#sel-start').inputValue());
    const end = Number(await page.locator('#sel-end').inputValue());
    const selection = await page.evaluate('document.getSelection().toString()');
    expect(article.text.slice(start, end)).toBe(selection);
  });

  it('moves through the claims with j and k, and opens the shortcut help with ?', async () => {
    await page.goto(articleUrl);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    const rows = page.locator('[data-claim-row]');
    await expect(rows.nth(1).getAttribute('class')).resolves.toContain('current');
    const focused: unknown = await page.evaluate(`document.activeElement.closest('[data-claim-row]') === document.querySelectorAll('[data-claim-row]')[1]`);
    expect(focused).toBe(true);
    await page.keyboard.press('k');
    await expect(rows.nth(0).getAttribute('class')).resolves.toContain('current');
    await page.keyboard.press('?');
    await expect(page.locator('#shortcuts').isVisible()).resolves.toBe(true);
    await page.keyboard.press('Escape');
    await expect(page.locator('#shortcuts').isVisible()).resolves.toBe(false);
  });

  it('dismisses a candidate from the article page', async () => {
    await page.goto(articleUrl);
    const articleId = h.t.services.articles.list()[0]!.id;
    const candidate = h.t.services.articles.claims(articleId).find((c) => c.origin === 'extracted' && c.text.includes('three people familiar'));
    expect(candidate).toBeDefined();
    const row = page.locator(`#claim-${candidate!.id}`);
    await navigating(page, () => row.getByRole('button', { name: 'Dismiss' }).click());
    await expect(page.locator('.flash-success').textContent()).resolves.toContain('Claim dismissed.');
    await expect(row.getAttribute('class')).resolves.toContain('status-dismissed');
    await expect(row.locator('.badge.status').textContent()).resolves.toBe('Dismissed');
    await expect(row.getByRole('button', { name: 'Restore' }).count()).resolves.toBe(1);
    // Dismissed claims are no longer highlighted as candidates in the text.
    await expect(page.locator(`#mark-${candidate!.id}`).getAttribute('class')).resolves.toContain('status-dismissed');
    expect(h.t.services.claims.require(candidate!.id).status).toBe('dismissed');
  });

  it('opens a claim, attaches a source and gives a verdict with a Markdown rationale using only the keyboard', async () => {
    await page.goto(articleUrl);
    await navigating(page, () => page.locator('#article-text a.claim-mark', { hasText: '1.8 million containers' }).click());
    await expect(page.locator('h1').textContent()).resolves.toContain('1.8 million containers');

    // s focuses the source URL field.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('s');
    await expect(page.evaluate('document.activeElement && document.activeElement.id')).resolves.toBe('src-url');
    await page.keyboard.type('https://www.porthauthority.example/annual-report-2025?utm_source=news');
    await page.getByLabel('Title').fill('Port authority annual report 2025');
    await page.getByLabel('Publisher').fill('Port Authority');
    await page.getByLabel('Stance').selectOption('refutes');
    await navigating(page, () => page.getByRole('button', { name: 'Attach source' }).click());
    const evidence = page.locator('.evidence-list .evidence');
    await expect(evidence.count()).resolves.toBe(1);
    await expect(evidence.first().textContent()).resolves.toContain('Port authority annual report 2025');
    await expect(evidence.first().locator('.badge.stance').textContent()).resolves.toBe('refutes');

    // 4 picks the fourth verdict (Mostly false), r jumps to the rationale, Ctrl+Enter submits.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('4');
    await expect(page.locator('input[name=verdict][value=mostly_false]').isChecked()).resolves.toBe(true);
    await page.keyboard.press('r');
    await expect(page.evaluate('document.activeElement && document.activeElement.id')).resolves.toBe('rationale');
    await page.keyboard.type('The **annual report** gives 1.6 million containers, up 3%. See [the report](https://porthauthority.example/annual-report-2025).');
    await navigating(page, () => page.keyboard.press('Control+Enter'));
    await expect(page.locator('.flash-success').textContent()).resolves.toContain('the claim is checked');
    await expect(page.locator('#final-h .verdict').textContent()).resolves.toBe('Mostly false');
    await expect(page.locator('.final .rationale strong').textContent()).resolves.toBe('annual report');
    await expect(page.locator('.meta .badge.status').first().textContent()).resolves.toBe('Checked');
  });

  it('shows the verdict, the rendered rationale and the source on the report page', async () => {
    await page.goto(`${articleUrl}/report`);
    const claim = page.locator('.report-claim', { hasText: '1.8 million containers' });
    await expect(claim.locator('.verdict').textContent()).resolves.toBe('Mostly false');
    await expect(claim.locator('.rationale strong').textContent()).resolves.toBe('annual report');
    await expect(claim.locator('.rationale a').getAttribute('href')).resolves.toBe('https://porthauthority.example/annual-report-2025');
    const source = claim.locator('ul.sources li');
    await expect(source.locator('a').textContent()).resolves.toBe('Port authority annual report 2025');
    await expect(source.locator('a').getAttribute('href')).resolves.toBe('https://www.porthauthority.example/annual-report-2025?utm_source=news');
    await expect(source.locator('.badge.stance').textContent()).resolves.toBe('refutes');
    // The chart is drawn.
    expect(await evalNumber(page, `document.querySelectorAll('.summary figure.chart svg').length`)).toBe(1);
  });

  it('raised no script errors and no Content-Security-Policy refusals along the way', () => {
    expect(problems.pageErrors).toEqual([]);
    expect(problems.console.filter((m) => /Content Security Policy|Refused to/i.test(m))).toEqual([]);
  });
});
