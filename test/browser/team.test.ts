import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { TestUser } from '../helpers/app.js';
import { navigating, NEWS_TEXT, signIn, startHarness, watchProblems, type Harness, type PageProblems } from './helpers.js';

/**
 * Three people at once, each in their own browser context (own cookies): an editor assigns a claim
 * to two reviewers, they review it blind, the editor adjudicates, and the team talks about it.
 */
describe('a team reviewing one claim independently', () => {
  let h: Harness;
  let editor: TestUser;
  let ana: TestUser;
  let ben: TestUser;
  let ed: Page;
  let pa: Page;
  let pb: Page;
  let claimId = '';
  let articleId = '';
  const problems: PageProblems[] = [];
  const ANA_RATIONALE = 'The county figure is **exactly** 4.1% in the March release of the state office.';
  const BEN_RATIONALE = 'The March release shows 4.3%; the 4.1% figure was February.';

  beforeAll(async () => {
    h = await startHarness();
    editor = await h.t.user('eddie', 'editor');
    ana = await h.t.user('ana', 'reviewer');
    ben = await h.t.user('ben', 'reviewer');
    const { article, claims } = await h.t.services.articles.import({ body: NEWS_TEXT, outlet: 'Reuters', title: 'Harbour deal stalls' }, editor.actor);
    articleId = article.id;
    const claim = claims.find((c) => c.text.includes('Unemployment in the county'));
    if (!claim) throw new Error(`no unemployment claim among: ${claims.map((c) => c.text).join(' | ')}`);
    claimId = claim.id;
    ed = (await signIn(h, editor)).page;
    pa = (await signIn(h, ana)).page;
    pb = (await signIn(h, ben)).page;
    for (const p of [ed, pa, pb]) problems.push(watchProblems(p));
  });
  afterAll(async () => {
    await h?.close();
  });

  const claimUrl = () => `${h.base}/claims/${claimId}`;

  async function submitReview(page: Page, verdict: string, rationale: string) {
    await page.goto(claimUrl());
    await page.locator(`input[name=verdict][value=${verdict}]`).check();
    await page.getByLabel('Rationale').fill(rationale);
    await navigating(page, () => page.getByRole('button', { name: 'Submit review' }).click());
    await expect(page.locator('.flash-success').textContent()).resolves.toContain('Review saved');
  }

  it('lets the editor assign the claim to both reviewers from the claim page', async () => {
    await ed.goto(claimUrl());
    const assign = ed.locator('form[action$="/assignees"]');
    await assign.getByLabel('ana').check();
    await assign.getByLabel('ben').check();
    await navigating(ed, () => assign.getByRole('button', { name: 'Assign' }).click());
    await expect(ed.locator('.flash-success').textContent()).resolves.toContain('Assigned 2 reviewer(s).');
    const assigned = ed.locator('section[aria-labelledby=assign-h] ul.plain li');
    await expect(assigned.allTextContents()).resolves.toEqual([expect.stringContaining('ana'), expect.stringContaining('ben')]);

    // Both reviewers find it in their queue.
    for (const p of [pa, pb]) {
      await p.goto(`${h.base}/queue`);
      await expect(p.locator('section[aria-labelledby=q-h] a', { hasText: 'Unemployment in the county' }).count()).resolves.toBe(1);
    }
  });

  it('keeps the first review hidden from the second reviewer until they submit their own', async () => {
    await submitReview(pa, 'true', ANA_RATIONALE);
    await pa.goto(claimUrl());
    await pa.locator('#comment-body').fill('Checked against the state office table.');
    await navigating(pa, () => pa.getByRole('button', { name: 'Post comment' }).click());

    await pb.goto(claimUrl());
    await expect(pb.locator('p.notice[role=note]').textContent()).resolves.toContain('Independent review');
    await expect(pb.locator('article.review').count()).resolves.toBe(0);
    const blindText = (await pb.locator('main').textContent()) ?? '';
    expect(blindText).not.toContain('exactly');
    expect(blindText).not.toContain('state office table');
    // Neither the verdict nor whether the reviews disagree leaks.
    await expect(pb.locator('section[aria-labelledby=reviews-h] .verdict').count()).resolves.toBe(0);
    await expect(pb.locator('#comments').textContent()).resolves.toContain('The discussion opens once you submit your review.');

    await submitReview(pb, 'mostly_false', BEN_RATIONALE);
    const reviews = pb.locator('.reviews.side-by-side article.review');
    await expect(reviews.count()).resolves.toBe(2);
    await expect(reviews.nth(0).textContent()).resolves.toContain('4.1%');
    await expect(pb.locator('#comments').textContent()).resolves.toContain('state office table');
  });

  it('shows the editor both reviews side by side and lets them adjudicate with a reason', async () => {
    await ed.goto(claimUrl());
    await expect(ed.locator('.notice.warn').textContent()).resolves.toContain('Reviews are complete and disagree');
    const reviews = ed.locator('.reviews.side-by-side article.review');
    await expect(reviews.count()).resolves.toBe(2);
    await expect(reviews.locator('h3').allTextContents()).resolves.toEqual([expect.stringMatching(/ana\s+True/), expect.stringMatching(/ben\s+Mostly false/)]);
    await expect(reviews.nth(0).locator('.rationale strong').textContent()).resolves.toBe('exactly');

    // The adjudication panel is already open because the reviews disagree.
    await expect(ed.locator('details.adjudicate').getAttribute('open')).resolves.not.toBeNull();
    await ed.getByLabel('Final verdict').selectOption({ label: 'Mostly false' });
    await ed.locator('#reason').fill('The **March** release says 4.3%; ana read the February column.');
    await navigating(ed, () => ed.getByRole('button', { name: 'Set final verdict' }).click());
    await expect(ed.locator('.flash-success').textContent()).resolves.toContain('Final verdict set');
    await expect(ed.locator('.page-head .badge.status').textContent()).resolves.toBe('Checked');
    await expect(ed.locator('#final-h .verdict').textContent()).resolves.toBe('Mostly false');
    await expect(ed.locator('.final .rationale strong').textContent()).resolves.toBe('March');
    expect(h.t.services.claims.require(claimId)).toMatchObject({ status: 'checked', verdict: 'mostly_false' });
  });

  it('puts a comment that mentions a reviewer in their queue, under Mentions', async () => {
    await ed.goto(claimUrl());
    await ed.locator('#comment-body').fill('@ana thanks: please check the **February** column next time.');
    await navigating(ed, () => ed.getByRole('button', { name: 'Post comment' }).click());
    await expect(ed.locator('#comments .comment').last().textContent()).resolves.toContain('please check the February column');

    await pa.goto(`${h.base}/queue`);
    const mentions = pa.locator('#mentions li');
    await expect(mentions.count()).resolves.toBe(1);
    await expect(mentions.first().textContent()).resolves.toContain('eddie');
    await expect(mentions.first().textContent()).resolves.toContain('please check the **February** column');
    const link = mentions.first().getByRole('link', { name: 'a claim' });
    await navigating(pa, () => link.click());
    expect(new URL(pa.url()).pathname).toBe(`/claims/${claimId}`);
    // Ben was not mentioned.
    await pb.goto(`${h.base}/queue`);
    await expect(pb.locator('#mentions').textContent()).resolves.toContain('Nobody mentioned you yet.');
  });

  it('offers the report as Markdown, CSV and JSON downloads that all answer 200', async () => {
    await ed.goto(`${h.base}/articles/${articleId}/report`);
    await expect(ed.locator('.report-claim', { hasText: 'Unemployment in the county' }).locator('.verdict').textContent()).resolves.toBe('Mostly false');
    const expected: Record<string, RegExp> = { Markdown: /markdown|text\/plain/, CSV: /text\/csv/, JSON: /application\/json/ };
    for (const [name, type] of Object.entries(expected)) {
      const href = await ed.locator('aside[aria-labelledby=dl-h]').getByRole('link', { name, exact: true }).getAttribute('href');
      expect(href).toBeTruthy();
      const res = await ed.request.get(new URL(href!, ed.url()).toString());
      expect(res.status()).toBe(200);
      expect(res.headers()['content-type']).toMatch(type);
      const body = await res.text();
      expect(body).toContain('Unemployment in the county');
      if (name === 'JSON') expect(() => JSON.parse(body)).not.toThrow();
    }
  });

  it('finds the claim on the search page by one of its words', async () => {
    await ed.goto(`${h.base}/search`);
    expect(new URL(ed.url()).pathname).toBe('/search');
    await ed.getByLabel('Words').fill('unemployment');
    await navigating(ed, () => ed.getByRole('button', { name: 'Search', exact: true }).click());
    const hit = ed.locator(`section[aria-labelledby=results-heading] a[href="/claims/${claimId}"]`);
    await expect(hit.count()).resolves.toBe(1);
    await expect(hit.textContent()).resolves.toContain('Unemployment in the county');
  });

  it('raised no script errors in any of the three browsers', () => {
    for (const p of problems) expect(p.pageErrors).toEqual([]);
  });
});
