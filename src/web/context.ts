import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../config.js';
import { ForbiddenError, UnauthorizedError } from '../errors.js';
import type { Store } from '../storage/index.js';
import type { Role } from '../storage/records.js';
import { hasRole, type Actor } from '../users/types.js';
import type { Services } from '../services.js';

export interface Flash {
  kind: 'success' | 'error' | 'info';
  text: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The signed-in user (pages) or the token's user (API). */
      actor?: Actor;
    }
  }
}

declare module 'express-session' {
  interface SessionData {
    userId?: string;
    flash?: Flash[];
  }
}

/** What every route module receives. */
export interface WebContext {
  config: Config;
  store: Store;
  services: Services;
}

export function flash(req: Request, kind: Flash['kind'], text: string): void {
  const list = req.session.flash ?? [];
  list.push({ kind, text });
  req.session.flash = list;
}

/** The acting user, or 401. */
export function actorOf(req: Request): Actor {
  if (!req.actor) throw new UnauthorizedError();
  return req.actor;
}

/** Route guard: signed in with at least `role`; otherwise 401 (or a redirect to sign in) / 403. */
export function requireRole(role: Role) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!req.actor) {
      if (req.method === 'GET' && !req.originalUrl.startsWith('/api/')) {
        return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
      }
      return next(new UnauthorizedError());
    }
    if (!hasRole(req.actor, role)) return next(new ForbiddenError());
    next();
  };
}

/** Reads a route parameter as a string (Express 5 types allow arrays for wildcards). */
export function param(req: Request, name: string): string {
  const v = req.params[name];
  return Array.isArray(v) ? v.join('/') : (v ?? '');
}

/** A redirect target from a form that stays on this site. */
export function safeNext(value: unknown, fallback = '/'): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : fallback;
}

/**
 * Redirects after a form post. A form sent by the page script (upload with a progress bar) gets the
 * target as JSON instead, so the browser, not the script, loads the next page and sees its flash message.
 */
export function redirectAfterPost(req: Request, res: Response, location: string): void {
  if (req.get('x-requested-with') === 'XMLHttpRequest') res.json({ location });
  else res.redirect(location);
}
