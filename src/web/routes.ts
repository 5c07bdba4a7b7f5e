import { Router } from 'express';
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
import { z } from 'zod';
import { toActor } from '../users/service.js';
import { parse } from '../validation.js';
import { AppError } from '../errors.js';
import { actorOf, flash, requireRole, safeNext, type WebContext } from './context.js';

const loginForm = z.object({ name: z.string().trim().max(64), password: z.string().max(200), next: z.string().optional() });
const setupForm = z.object({ name: z.string(), displayName: z.string().optional(), password: z.string(), confirm: z.string() });

/** Home, first-run setup, sign in and out. */
export function pages({ config, services, store }: WebContext): Router {
  const r = Router();

  const loginLimiter = rateLimit({
    windowMs: config.loginWindowMinutes * 60 * 1000,
    limit: config.loginMaxAttempts,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    // Per address and name, so one attacker cannot lock everyone out; the same message whether or not the name exists.
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? '')}|${String(req.body?.name ?? '').toLowerCase()}`,
    handler: (req, res) => {
      res.status(429).render('users/login', {
        title: 'Sign in',
        next: safeNext(req.body?.next),
        name: String(req.body?.name ?? ''),
        error: `Too many sign-in attempts. Wait ${config.loginWindowMinutes} minutes and try again.`,
      });
    },
  });

  r.get('/', (req, res) => {
    if (services.users.count() === 0) return res.redirect('/setup');
    if (!req.actor) return res.redirect('/login');
    const articles = services.articles.list().map((a) => ({ article: a, progress: services.reviews.articleProgress(a.id) }));
    res.render('home', {
      title: 'Desk',
      articles,
      queue: services.reviews.queue(req.actor.id),
      mentions: services.reviews.mentionsOf(req.actor, 5),
      adjudication: services.reviews.adjudicationQueue().length,
    });
  });

  // Verdict colours come from the configurable scale; keys and colours are validated by the settings schema.
  r.get('/scale.css', (_req, res) => {
    const css = store.settings.scale
      .map((e) => `.verdict[data-verdict="${e.key}"],.verdict-choice[data-verdict="${e.key}"]{--verdict:${e.colour}}`)
      .join('\n');
    res.type('text/css').set('Cache-Control', 'no-cache').send(css);
  });

  r.get('/setup', (req, res) => {
    if (services.users.count() > 0) return res.redirect('/login');
    res.render('users/setup', { title: 'Set up claimbench', values: {}, error: null });
  });

  r.post('/setup', async (req, res) => {
    if (services.users.count() > 0) return res.redirect('/login');
    const form = parse(setupForm, req.body);
    try {
      if (form.password !== form.confirm) throw new AppError(400, 'mismatch', 'The two passwords differ.');
      const user = await services.users.createFirstAdmin({ name: form.name, displayName: form.displayName, password: form.password });
      await regenerate(req);
      req.session.userId = user.id;
      flash(req, 'success', `Welcome, ${user.displayName}. You are the admin of this desk.`);
      res.redirect('/');
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      res.status(err.status).render('users/setup', { title: 'Set up claimbench', values: form, error: err.message });
    }
  });

  r.get('/login', (req, res) => {
    if (services.users.count() === 0) return res.redirect('/setup');
    if (req.actor) return res.redirect(safeNext(req.query.next));
    res.render('users/login', { title: 'Sign in', next: safeNext(req.query.next), name: '', error: null });
  });

  r.post('/login', loginLimiter, async (req, res) => {
    const form = parse(loginForm, req.body);
    const user = await services.users.authenticate(form.name, form.password);
    if (!user) {
      return res.status(401).render('users/login', { title: 'Sign in', next: safeNext(form.next), name: form.name, error: 'That name and password do not match an active account.' });
    }
    await regenerate(req);
    req.session.userId = user.id;
    req.actor = toActor(user);
    res.redirect(safeNext(form.next));
  });

  r.post('/logout', (req, res, next) => {
    req.session.destroy((err) => (err ? next(err) : res.redirect('/login')));
  });

  r.get('/history', requireRole('editor'), (req, res) => {
    res.render('history', { title: 'History', entries: services.history.redact(services.history.list({ limit: 200 }), (id) => services.reviews.canSee(id, actorOf(req)), actorOf(req).id), verify: req.query.verify ? services.history.verify() : null });
  });

  return r;
}

/** New session id on sign-in, against session fixation. */
function regenerate(req: import('express').Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
}
