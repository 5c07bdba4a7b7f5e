import { Router } from 'express';
import { claimForm } from '../claims/routes.js';
import { actorOf, flash, param, requireRole, type WebContext } from '../web/context.js';

export function pages({ services }: WebContext): Router {
  const r = Router();

  r.post(
    '/claims/:id/evidence',
    requireRole('reviewer'),
    claimForm(services, 'evidence', async (req, res) => {
      const claimId = param(req, 'id');
      await services.sources.addEvidence(claimId, req.body ?? {}, actorOf(req));
      flash(req, 'success', 'Source attached.');
      res.redirect(`/claims/${claimId}#evidence`);
    }),
  );

  r.post('/evidence/:id/delete', requireRole('reviewer'), async (req, res) => {
    const evidence = services.sources.evidence(param(req, 'id'));
    await services.sources.removeEvidence(evidence.id, actorOf(req));
    flash(req, 'info', 'Source removed from this claim.');
    res.redirect(`/claims/${evidence.claimId}#evidence`);
  });

  r.get('/sources', requireRole('viewer'), (_req, res) => {
    res.render('sources/index', { title: 'Source library', sources: services.sources.list().map((s) => ({ source: s, uses: services.sources.usesOf(s.id).length })) });
  });

  r.get('/sources/:id', requireRole('viewer'), (req, res) => {
    const source = services.sources.require(param(req, 'id'));
    const actor = actorOf(req);
    // Blind review: another reviewer's use of this source on a claim still under review is not shown.
    const uses = services.sources
      .usesOf(source.id)
      .filter((e) => e.addedBy === actor.id || services.reviews.canSee(e.claimId, actor))
      .map((e) => ({ evidence: e, claim: services.claims.get(e.claimId) }));
    res.render('sources/show', { title: source.title, source, uses });
  });

  r.post('/sources/:id', requireRole('reviewer'), async (req, res) => {
    const s = await services.sources.updateSource(param(req, 'id'), req.body ?? {}, actorOf(req));
    flash(req, 'success', 'Source updated.');
    res.redirect(`/sources/${s.id}`);
  });

  return r;
}

export function api({ services }: WebContext): Router {
  const r = Router();

  r.post('/claims/:id/evidence', requireRole('reviewer'), async (req, res) => {
    res.status(201).json(await services.sources.addEvidence(param(req, 'id'), req.body ?? {}, actorOf(req)));
  });

  r.delete('/evidence/:id', requireRole('reviewer'), async (req, res) => {
    await services.sources.removeEvidence(param(req, 'id'), actorOf(req));
    res.status(204).end();
  });

  r.get('/sources', requireRole('viewer'), (_req, res) => {
    res.json({ sources: services.sources.list() });
  });

  return r;
}
