import { Router, type Request, type Response } from 'express';
import { AppError } from '../errors.js';
import type { Services } from '../services.js';
import { z } from 'zod';
import { TRIAGE_ACTIONS } from './service.js';
import { actorOf, flash, param, requireRole, type WebContext } from '../web/context.js';
import { parse } from '../validation.js';
import { claimDetail } from './presenter.js';

const versionField = z.coerce.number().int().positive().optional();
const triageForm = z.object({ action: z.enum(TRIAGE_ACTIONS), version: versionField, back: z.string().optional() });
const editForm = z.object({ version: z.coerce.number().int().positive(), text: z.string() });
const splitForm = z.object({ version: versionField, at: z.coerce.number().int() });

/** How much article text to show around a claim on its page. */
const CONTEXT_CHARS = 400;

/**
 * Renders the claim page. Forms on it that fail validation render it again with `form` naming the
 * form, its error and the values the person typed, so nothing typed is lost.
 */
export function showClaim(services: Services, req: Request, res: Response, failed?: { form: string; error: string; values: unknown; status: number }): void {
  const claim = services.claims.require(param(req, 'id'));
  const article = services.articles.require(claim.articleId);
  const actor = actorOf(req);
  const siblings = services.articles.claims(article.id).filter((c) => c.status !== 'dismissed');
  const index = siblings.findIndex((c) => c.id === claim.id);
  const from = Math.max(0, article.text.lastIndexOf('\n', Math.max(0, claim.start - CONTEXT_CHARS)) + 1);
  const nl = article.text.indexOf('\n', Math.min(article.text.length, claim.end + CONTEXT_CHARS));
  const to = nl === -1 ? article.text.length : nl;
  res.status(failed?.status ?? 200).render('claims/show', {
    title: `Claim: ${claim.text.slice(0, 60)}`,
    claim,
    article,
    detail: claimDetail(claim, actor, services),
    context: { before: article.text.slice(from, claim.start), text: article.text.slice(claim.start, claim.end), after: article.text.slice(claim.end, to) },
    prev: index > 0 ? siblings[index - 1] : null,
    next: index >= 0 && index < siblings.length - 1 ? siblings[index + 1] : null,
    history: services.history.forClaim(claim.id),
    reviewers: services.users.list().filter((u) => u.active && u.role !== 'viewer'),
    matches: services.matching.matchesFor(claim.id),
    failed: failed ?? null,
  });
}

/** Runs a claim-page form action; a 4xx error re-renders the page with the message and the typed values. */
export function claimForm(services: Services, form: string, action: (req: Request, res: Response) => Promise<void>) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      await action(req, res);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500 || err.status === 404 || err.status === 403 || err.status === 409) throw err;
      showClaim(services, req, res, { form, error: err.message, values: req.body ?? {}, status: err.status });
    }
  };
}

export function pages({ services }: WebContext): Router {
  const r = Router();

  r.get('/claims/:id', requireRole('viewer'), (req, res) => showClaim(services, req, res));

  r.post('/claims/:id/triage', requireRole('reviewer'), async (req, res) => {
    const form = parse(triageForm, req.body);
    const claim = await services.claims.triage(param(req, 'id'), form.action, form.version, actorOf(req));
    flash(req, 'success', form.action === 'accept' ? 'Claim accepted for review.' : form.action === 'dismiss' ? 'Claim dismissed.' : 'Claim restored.');
    res.redirect(form.back === 'article' ? `/articles/${claim.articleId}#claim-${claim.id}` : `/claims/${claim.id}`);
  });

  r.post('/claims/:id/edit', requireRole('editor'), async (req, res) => {
    const form = parse(editForm, req.body);
    const claim = await services.claims.patch(param(req, 'id'), { version: form.version, text: form.text }, actorOf(req));
    flash(req, 'success', 'Wording saved; the original span is kept.');
    res.redirect(`/claims/${claim.id}`);
  });

  r.post('/claims/:id/merge', requireRole('reviewer'), async (req, res) => {
    const form = parse(z.object({ version: versionField }), req.body);
    const claim = await services.claims.mergeWithNext(param(req, 'id'), form.version, actorOf(req));
    flash(req, 'success', 'Merged with the next claim.');
    res.redirect(`/claims/${claim.id}`);
  });

  r.post('/claims/:id/split', requireRole('reviewer'), async (req, res) => {
    const form = parse(splitForm, req.body);
    const [a] = await services.claims.split(param(req, 'id'), form.at, form.version, actorOf(req));
    flash(req, 'success', 'Split into two claims.');
    res.redirect(`/articles/${a.articleId}#claim-${a.id}`);
  });

  return r;
}

export function api({ services }: WebContext): Router {
  const r = Router();

  r.get('/claims/:id', requireRole('viewer'), (req, res) => {
    const claim = services.claims.require(param(req, 'id'));
    res.json(claimDetail(claim, actorOf(req), services));
  });

  r.patch('/claims/:id', requireRole('reviewer'), async (req, res) => {
    const claim = await services.claims.patch(param(req, 'id'), req.body ?? {}, actorOf(req));
    res.json(claimDetail(claim, actorOf(req), services));
  });

  return r;
}
