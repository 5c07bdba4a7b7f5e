import { Router } from 'express';
import { z } from 'zod';
import { AppError, BadRequestError, NotFoundError } from '../errors.js';
import { CLAIM_STATUSES, CLAIM_TYPES } from '../storage/records.js';
import { actorOf, flash, param, requireRole, type WebContext } from '../web/context.js';
import { parse } from '../validation.js';
import type { MatchingService, MatchView } from './matching.js';
import { SEARCH_KINDS, searchQuerySchema, toQueryRecord, type SearchQuery, type SearchResults, type SearchService } from './service.js';

/** The two services the routes call. */
export interface SearchModule {
  matching: MatchingService;
  search: SearchService;
}

/** The services to use: those passed in (tests), else the app's `ctx.services`. */
function resolve(ctx: WebContext, given?: SearchModule): SearchModule {
  return given ?? { matching: ctx.services.matching, search: ctx.services.search };
}

/** A verdict must be on the configured scale; the static schema cannot know the scale. */
function parseQuery(ctx: WebContext, input: unknown): SearchQuery {
  const query = parse(searchQuerySchema, input);
  if (query.verdict && !ctx.store.settings.scale.some((e) => e.key === query.verdict)) {
    throw new BadRequestError('verdict: Unknown verdict.', { fields: { verdict: 'Unknown verdict.' } }, 'invalid_input');
  }
  return query;
}

function href(query: Record<string, string>): string {
  const qs = new URLSearchParams(query).toString();
  return qs ? `/search?${qs}` : '/search';
}

const saveForm = z.object({ name: z.string().optional() });
const decisionForm = z.object({
  decision: z.enum(['confirm', 'reject', 'confirmed', 'rejected'], { message: 'Choose confirm or reject.' }),
  /** The claim page the form was on, when it shows the pair from the other side. */
  claim: z.string().optional(),
});
const decisionBody = z.object({ decision: z.enum(['confirmed', 'rejected'], { message: 'decision must be "confirmed" or "rejected".' }) });
const flag = z.enum(['true', 'false', '1', '0']).optional().transform((v) => v === 'true' || v === '1');
const matchesQuery = z.object({ includeRejected: flag, includeLater: flag });

export function pages(ctx: WebContext, given?: SearchModule): Router {
  const r = Router();
  const { services, store } = ctx;

  r.get('/search', requireRole('viewer'), (req, res) => {
    const actor = actorOf(req);
    let query: SearchQuery = {};
    let error: string | null = null;
    try {
      query = parseQuery(ctx, req.query);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 400) throw err;
      error = err.message;
    }
    const values = toQueryRecord(query);
    // Any parameter means the form was submitted: even an empty one lists the newest records.
    const searched = error === null && Object.keys(req.query).length > 0;
    const results: SearchResults | null = searched ? resolve(ctx, given).search.search(query) : null;
    const outlets = new Set<string>();
    for (const a of store.all('articles')) if (a.outlet) outlets.add(a.outlet);
    res.status(error ? 400 : 200).render('search/index', {
      title: 'Search',
      values,
      error,
      results,
      saved: resolve(ctx, given).search.saved(actor.id).map((s) => ({ ...s, href: href(s.query) })),
      kinds: SEARCH_KINDS,
      statuses: CLAIM_STATUSES,
      types: CLAIM_TYPES,
      reviewers: services.users.list().filter((u) => u.active && u.role !== 'viewer'),
      outlets: Array.from(outlets).sort((a, b) => a.localeCompare(b)),
    });
  });

  r.post('/search/saved', requireRole('viewer'), async (req, res) => {
    const actor = actorOf(req);
    const query = parseQuery(ctx, req.body);
    const { name } = parse(saveForm, req.body);
    try {
      const saved = await resolve(ctx, given).search.save(actor.id, name ?? '', query, actor);
      flash(req, 'success', `Saved the search “${saved.name}”.`);
      res.redirect(href(saved.query));
    } catch (err) {
      // A missing name or a full list: back to the same results with the reason.
      if (!(err instanceof AppError) || (err.status !== 400 && err.status !== 422)) throw err;
      flash(req, 'error', err.message);
      res.redirect(href(toQueryRecord(query)));
    }
  });

  r.post('/search/saved/:id/delete', requireRole('viewer'), async (req, res) => {
    await resolve(ctx, given).search.remove(param(req, 'id'), actorOf(req));
    flash(req, 'success', 'Saved search deleted.');
    res.redirect('/search');
  });

  r.post('/matches/:id', requireRole('reviewer'), async (req, res) => {
    const form = parse(decisionForm, req.body);
    const decision = form.decision === 'confirm' || form.decision === 'confirmed' ? 'confirmed' : 'rejected';
    const match = await resolve(ctx, given).matching.decide(param(req, 'id'), decision, actorOf(req));
    flash(req, 'success', decision === 'confirmed' ? 'Match confirmed.' : 'Match rejected.');
    const back = form.claim === match.matchedClaimId ? match.matchedClaimId : match.claimId;
    res.redirect(`/claims/${back}`);
  });

  return r;
}

/** The JSON shape of one match, seen from the claim it was asked for. */
function matchJson(v: MatchView) {
  return {
    id: v.match.id,
    similarity: v.match.similarity,
    state: v.match.state,
    direction: v.direction,
    createdAt: v.match.createdAt,
    decidedBy: v.match.decidedBy,
    claim: { id: v.claim.id, text: v.claim.text, articleId: v.claim.articleId, verdict: v.claim.verdict, rationale: v.claim.rationale },
    article: v.article ? { id: v.article.id, title: v.article.title, outlet: v.article.outlet } : null,
    verdict: v.verdict ? { key: v.verdict.key, label: v.verdict.label } : null,
  };
}

function resultsJson(r: SearchResults) {
  return {
    query: r.query,
    total: r.total,
    totals: r.totals,
    matched: r.matched,
    claims: r.claims.map((h) => ({ ...h, verdict: h.verdict ? { key: h.verdict.key, label: h.verdict.label } : null })),
    articles: r.articles,
    sources: r.sources,
  };
}

export function api(ctx: WebContext, given?: SearchModule): Router {
  const r = Router();

  r.get('/search', requireRole('viewer'), (req, res) => {
    res.json(resultsJson(resolve(ctx, given).search.search(parseQuery(ctx, req.query))));
  });

  r.get('/claims/:id/matches', requireRole('viewer'), (req, res) => {
    const id = param(req, 'id');
    if (!ctx.store.get('claims', id)) throw new NotFoundError('Claim');
    const opts = parse(matchesQuery, req.query);
    const views = resolve(ctx, given).matching.matchesFor(id, opts);
    res.json({ matches: views.map(matchJson) });
  });

  r.post('/matches/:id', requireRole('reviewer'), async (req, res) => {
    const { decision } = parse(decisionBody, req.body ?? {});
    res.json(await resolve(ctx, given).matching.decide(param(req, 'id'), decision, actorOf(req)));
  });

  return r;
}
