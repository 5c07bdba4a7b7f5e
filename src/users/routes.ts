import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { actorOf, flash, param, requireRole, type WebContext } from '../web/context.js';
import { parse } from '../validation.js';
import { publicUser } from './service.js';

const roleForm = z.object({
  version: z.coerce.number().int().positive(),
  role: z.enum(['admin', 'editor', 'reviewer', 'viewer']).optional(),
  active: z.enum(['yes', 'no']).optional(),
  displayName: z.string().optional(),
});

export function pages({ services }: WebContext): Router {
  const r = Router();

  r.get('/users', requireRole('admin'), (_req, res) => {
    res.render('users/index', { title: 'Users', users: services.users.list(), values: {}, error: null, created: null });
  });

  r.post('/users', requireRole('admin'), async (req, res) => {
    try {
      const user = await services.users.create(req.body ?? {}, actorOf(req));
      flash(req, 'success', `Created ${user.displayName} (${user.role}).`);
      res.redirect('/users');
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500 || err.status === 403) throw err;
      res.status(err.status).render('users/index', { title: 'Users', users: services.users.list(), values: req.body ?? {}, error: err.message, created: null });
    }
  });

  r.get('/users/:id', requireRole('editor'), (req, res) => {
    const user = services.users.require(param(req, 'id'));
    const viewer = actorOf(req);
    res.render('users/show', {
      title: user.displayName,
      user,
      history: services.history.redact(services.history.list({ actorId: user.id, limit: 200 }), (id) => services.reviews.canSee(id, viewer), viewer.id),
      tokens: actorOf(req).role === 'admin' ? services.users.tokensOf(user.id) : [],
      queue: services.reviews.queue(user.id),
      newToken: null,
    });
  });

  r.post('/users/:id', requireRole('admin'), async (req, res) => {
    const form = parse(roleForm, req.body);
    const user = await services.users.update(
      param(req, 'id'),
      { version: form.version, role: form.role, active: form.active === undefined ? undefined : form.active === 'yes', displayName: form.displayName || undefined },
      actorOf(req),
    );
    flash(req, 'success', `Saved ${user.displayName}.`);
    res.redirect('/users');
  });

  r.post('/users/:id/password', requireRole('admin'), async (req, res) => {
    const form = parse(z.object({ password: z.string() }), req.body);
    await services.users.setPassword(param(req, 'id'), form.password, actorOf(req));
    flash(req, 'success', 'Password reset. Tell the person their new password through a safe channel.');
    res.redirect('/users');
  });

  r.post('/users/:id/tokens', requireRole('admin'), async (req, res) => {
    const form = parse(z.object({ label: z.string().max(80).optional() }), req.body);
    const user = services.users.require(param(req, 'id'));
    const { token } = await services.users.createToken(user.id, form.label ?? '', actorOf(req));
    // Shown once, on this response only.
    res.render('users/show', {
      title: user.displayName, user, newToken: token,
      history: services.history.redact(services.history.list({ actorId: user.id, limit: 200 }), (id) => services.reviews.canSee(id, actorOf(req)), actorOf(req).id),
      tokens: services.users.tokensOf(user.id),
      queue: services.reviews.queue(user.id),
    });
  });

  r.get('/account', requireRole('viewer'), (req, res) => {
    const actor = actorOf(req);
    res.render('users/account', { title: 'Your account', tokens: services.users.tokensOf(actor.id), newToken: null });
  });

  r.post('/account/password', requireRole('viewer'), async (req, res) => {
    const form = parse(z.object({ current: z.string(), password: z.string(), confirm: z.string() }), req.body);
    const actor = actorOf(req);
    const me = services.users.require(actor.id);
    if (form.password !== form.confirm) throw new AppError(400, 'mismatch', 'The two new passwords differ.');
    if (!(await services.users.authenticate(me.name, form.current))) throw new AppError(400, 'wrong_password', 'Your current password is not right.');
    await services.users.setPassword(actor.id, form.password, actor);
    flash(req, 'success', 'Password changed.');
    res.redirect('/account');
  });

  r.post('/account/tokens', requireRole('viewer'), async (req, res) => {
    const form = parse(z.object({ label: z.string().max(80).optional() }), req.body);
    const actor = actorOf(req);
    const { token } = await services.users.createToken(actor.id, form.label ?? '', actor);
    // Shown once, on this response only; never stored in the clear.
    res.render('users/account', { title: 'Your account', tokens: services.users.tokensOf(actor.id), newToken: token });
  });

  r.post('/tokens/:id/revoke', requireRole('viewer'), async (req, res) => {
    await services.users.revokeToken(param(req, 'id'), actorOf(req));
    flash(req, 'info', 'Token revoked.');
    res.redirect(req.get('referer')?.includes('/users/') ? `/users` : '/account');
  });

  r.get('/settings', requireRole('admin'), (_req, res) => {
    res.render('users/settings', { title: 'Settings', settings: services.settings.get(), inUse: services.settings.keysInUse(), error: null });
  });

  r.post('/settings', requireRole('admin'), async (req, res) => {
    try {
      await services.settings.update(req.body ?? {}, actorOf(req));
      flash(req, 'success', 'Settings saved. Past verdicts keep their keys; published reports keep their own copy of the scale.');
      res.redirect('/settings');
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500 || err.status === 403 || err.status === 409) throw err;
      res.status(err.status).render('users/settings', { title: 'Settings', settings: services.settings.get(), inUse: services.settings.keysInUse(), error: err.message });
    }
  });

  return r;
}

export function api({ services, store }: WebContext): Router {
  const r = Router();

  r.get('/scale', requireRole('viewer'), (_req, res) => {
    res.json({ scale: store.settings.scale.map((e) => ({ key: e.key, label: e.label, rank: e.rank, value: e.value, colour: e.colour })) });
  });

  r.get('/me', requireRole('viewer'), (req, res) => {
    res.json(publicUser(services.users.require(actorOf(req).id)));
  });

  r.get('/users', requireRole('editor'), (_req, res) => {
    res.json({ users: services.users.list().map(publicUser) });
  });

  r.post('/users', requireRole('admin'), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const user = await services.users.create(body, actorOf(req));
    const { token } = await services.users.createToken(user.id, 'created with the account', actorOf(req));
    res.status(201).json({ id: user.id, name: user.name, role: user.role, token });
  });

  r.patch('/users/:id', requireRole('admin'), async (req, res) => {
    res.json(publicUser(await services.users.update(param(req, 'id'), req.body ?? {}, actorOf(req))));
  });

  return r;
}
