import { Router } from 'express';
import { z } from 'zod';
import { agreementChart, throughputChart, verdictChart } from '../charts/index.js';
import { actorOf, flash, param, requireRole, type WebContext } from '../web/context.js';
import { parse } from '../validation.js';
import { claimDetail } from '../claims/presenter.js';
import { claimForm } from '../claims/routes.js';
import type { Services } from '../services.js';
import type { ClaimRecord } from '../storage/records.js';
import type { Actor } from '../users/types.js';

const ids = z.union([z.string(), z.array(z.string())]).optional().transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));
const assignForm = z.object({
  mode: z.enum(['auto', 'manual']),
  perClaim: z.coerce.number().int().min(1).max(5).optional(),
  userIds: ids,
  claimIds: ids,
  scope: z.enum(['worthy', 'all', 'selected']).optional(),
});
const apiAssign = z.object({ userIds: z.array(z.string()).min(1, 'Name at least one reviewer.') });
const queueQuery = z.object({
  sort: z.enum(['oldest', 'newest', 'score']).optional().default('oldest'),
  article: z.string().max(40).optional().transform((v) => v || undefined),
  worthy: z.enum(['yes', '']).optional(),
});
const commentEditForm = z.object({ body: z.string(), version: z.coerce.number().int().positive() });

export function pages({ services, store }: WebContext): Router {
  const r = Router();

  r.post(
    '/claims/:id/reviews',
    requireRole('reviewer'),
    claimForm(services, 'review', async (req, res) => {
      const { claim } = await services.reviews.submit(param(req, 'id'), req.body ?? {}, actorOf(req));
      flash(req, 'success', claim.status === 'checked' ? 'Review saved: the claim is checked.' : 'Review saved.');
      res.redirect(`/claims/${claim.id}`);
    }),
  );

  r.post(
    '/claims/:id/adjudication',
    requireRole('editor'),
    claimForm(services, 'adjudication', async (req, res) => {
      const claim = await services.reviews.adjudicate(param(req, 'id'), req.body ?? {}, actorOf(req));
      flash(req, 'success', 'Final verdict set: the claim is checked.');
      res.redirect(`/claims/${claim.id}`);
    }),
  );

  r.post('/claims/:id/reopen', requireRole('editor'), async (req, res) => {
    const claim = await services.reviews.reopen(param(req, 'id'), actorOf(req));
    flash(req, 'info', 'Claim reopened for review.');
    res.redirect(`/claims/${claim.id}`);
  });

  r.post('/claims/:id/assignees', requireRole('editor'), async (req, res) => {
    const form = parse(z.object({ userIds: ids }), req.body);
    const created = await services.reviews.assign([param(req, 'id')], form.userIds, actorOf(req));
    flash(req, 'success', created.length ? `Assigned ${created.length} reviewer(s).` : 'Those reviewers were already assigned.');
    res.redirect(`/claims/${param(req, 'id')}`);
  });

  r.post('/claims/:id/unassign', requireRole('reviewer'), async (req, res) => {
    const form = parse(z.object({ userId: z.string() }), req.body);
    await services.reviews.unassign(param(req, 'id'), form.userId, actorOf(req));
    flash(req, 'info', 'Assignment released.');
    res.redirect(`/claims/${param(req, 'id')}`);
  });

  r.post('/articles/:id/assign', requireRole('editor'), async (req, res) => {
    const articleId = param(req, 'id');
    const form = parse(assignForm, req.body);
    const actor = actorOf(req);
    const created =
      form.mode === 'auto'
        ? await services.reviews.autoAssign(articleId, form.perClaim ?? store.settings.reviewsPerClaim, actor, { onlyCheckWorthy: form.scope !== 'all' })
        : await services.reviews.assign(
            form.scope === 'selected' ? form.claimIds : services.articles.claims(articleId).filter((c) => c.status !== 'dismissed' && (form.scope === 'all' || c.score >= 0.5)).map((c) => c.id),
            form.userIds,
            actor,
          );
    flash(req, 'success', `${created.length} assignment(s) made.`);
    res.redirect(`/articles/${articleId}`);
  });

  r.post(
    '/claims/:id/comments',
    requireRole('reviewer'),
    claimForm(services, 'comment', async (req, res) => {
      await services.reviews.comment(param(req, 'id'), req.body ?? {}, actorOf(req));
      flash(req, 'success', 'Comment posted.');
      res.redirect(`/claims/${param(req, 'id')}#comments`);
    }),
  );

  r.post('/comments/:id/edit', requireRole('reviewer'), async (req, res) => {
    const form = parse(commentEditForm, req.body);
    const c = await services.reviews.editComment(param(req, 'id'), form, actorOf(req));
    flash(req, 'success', 'Comment updated; the earlier text is kept in the history.');
    res.redirect(`/claims/${c.claimId}#comment-${c.id}`);
  });

  r.get('/queue', requireRole('viewer'), (req, res) => {
    const actor = actorOf(req);
    const q = parse(queueQuery, req.query);
    let queue = services.reviews.queue(actor.id);
    const articles = Array.from(new Map(queue.map((x) => [x.claim.articleId, services.articles.get(x.claim.articleId)])).values()).filter((a) => a !== undefined);
    if (q.article) queue = queue.filter((x) => x.claim.articleId === q.article);
    if (q.worthy === 'yes') queue = queue.filter((x) => x.claim.score >= 0.5);
    if (q.sort === 'score') queue = [...queue].sort((a, b) => b.claim.score - a.claim.score);
    if (q.sort === 'newest') queue = [...queue].reverse();
    res.render('reviews/queue', {
      title: 'My queue',
      query: q,
      articles,
      queue,
      mentions: services.reviews.mentionsOf(actor),
      adjudication: actor.role === 'editor' || actor.role === 'admin' ? services.reviews.adjudicationQueue() : [],
    });
  });

  r.get('/articles/:id/agreement', requireRole('viewer'), (req, res) => {
    const article = services.articles.require(param(req, 'id'));
    res.render('reviews/agreement', { title: `Agreement: ${article.title}`, article, report: agreementFor(services, services.articles.claims(article.id), actorOf(req)) });
  });

  r.get('/team', requireRole('viewer'), (req, res) => {
    res.render('reviews/team', { title: 'Team dashboard', ...teamDashboard(services, store, actorOf(req)) });
  });

  return r;
}

/**
 * Agreement as one person may see it: claims still collecting blind reviews that this person has not
 * reviewed are left out (any figure over them would hint at the others' verdicts).
 */
function agreementFor(services: Services, claims: Iterable<ClaimRecord>, actor: Actor) {
  const visible: ClaimRecord[] = [];
  for (const c of claims) if (services.reviews.visibility(c, actor).othersVisible) visible.push(c);
  return services.reviews.agreement(visible);
}

/** Numbers and charts for the team dashboard. */
function teamDashboard(services: Services, store: WebContext['store'], actor: Actor) {
  const claims = Array.from(store.all('claims'));
  const report = agreementFor(services, claims, actor);
  const counts = new Map<string, number>();
  for (const c of claims) if (c.status === 'checked' && c.verdict) counts.set(c.verdict, (counts.get(c.verdict) ?? 0) + 1);
  const verdicts = verdictChart(store.settings.scale.map((e) => ({ label: e.label, colour: e.colour, count: counts.get(e.key) ?? 0 })));
  const perDay = new Map<string, number>();
  for (const r of store.all('reviews')) perDay.set(r.createdAt.slice(0, 10), (perDay.get(r.createdAt.slice(0, 10)) ?? 0) + 1);
  const throughput = throughputChart(Array.from(perDay, ([date, count]) => ({ date, count })).sort((a, b) => a.date.localeCompare(b.date)).slice(-60));
  // Agreement over time: cumulative agreement of claims whose reviews were complete by each week.
  const weeks = new Map<string, typeof claims>();
  for (const c of claims) {
    const last = services.reviews.reviewsOf(c.id).at(-1);
    if (!last) continue;
    const week = weekOf(last.createdAt);
    const list = weeks.get(week) ?? [];
    list.push(c);
    weeks.set(week, list);
  }
  const points = Array.from(weeks.keys())
    .sort()
    .slice(-12)
    .map((week) => {
      const rep = services.reviews.agreement(weeks.get(week)!);
      return { date: week, nominal: rep.alpha.nominal, ordinal: rep.alpha.ordinal };
    });
  const agreementOverTime = agreementChart(points);
  return {
    report,
    verdicts,
    throughput,
    agreementOverTime,
    reviewerStats: services.reviews.reviewerStats(),
    articles: services.articles.list().map((a) => ({ article: a, progress: services.reviews.articleProgress(a.id) })),
    userLabel: (id: string) => services.users.label(id),
  };
}

function weekOf(iso: string): string {
  const d = new Date(iso.slice(0, 10));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

export function api({ services }: WebContext): Router {
  const r = Router();

  r.post('/claims/:id/reviews', requireRole('reviewer'), async (req, res) => {
    const { review, claim } = await services.reviews.submit(param(req, 'id'), req.body ?? {}, actorOf(req));
    res.status(201).json({ review, claim: claimDetail(claim, actorOf(req), services) });
  });

  r.post('/claims/:id/assignees', requireRole('editor'), async (req, res) => {
    const { userIds } = parse(apiAssign, req.body ?? {});
    const created = await services.reviews.assign([param(req, 'id')], userIds, actorOf(req));
    const claim = services.claims.require(param(req, 'id'));
    res.status(201).json({ created, claim: claimDetail(claim, actorOf(req), services) });
  });

  r.delete('/claims/:id/assignees/:userId', requireRole('reviewer'), async (req, res) => {
    await services.reviews.unassign(param(req, 'id'), param(req, 'userId'), actorOf(req));
    res.status(204).end();
  });

  r.post('/claims/:id/adjudication', requireRole('editor'), async (req, res) => {
    const claim = await services.reviews.adjudicate(param(req, 'id'), req.body ?? {}, actorOf(req));
    res.json(claimDetail(claim, actorOf(req), services));
  });

  r.post('/claims/:id/comments', requireRole('reviewer'), async (req, res) => {
    res.status(201).json(await services.reviews.comment(param(req, 'id'), req.body ?? {}, actorOf(req)));
  });

  r.get('/articles/:id/agreement', requireRole('viewer'), (req, res) => {
    const article = services.articles.require(param(req, 'id'));
    res.json(agreementFor(services, services.articles.claims(article.id), actorOf(req)));
  });

  r.get('/agreement', requireRole('viewer'), (req, res) => {
    res.json(agreementFor(services, services.articles.list().flatMap((a) => services.articles.claims(a.id)), actorOf(req)));
  });

  r.get('/queue', requireRole('viewer'), (req, res) => {
    const actor = actorOf(req);
    res.json({ queue: services.reviews.queue(actor.id).map(({ assignment, claim }) => ({ assignment, claim })), mentions: services.reviews.mentionsOf(actor) });
  });

  return r;
}
