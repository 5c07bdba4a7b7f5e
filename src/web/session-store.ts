import session from 'express-session';
import type { Store } from '../storage/index.js';

const DAY = 24 * 60 * 60 * 1000;

/**
 * express-session store on the claimbench database, so sign-ins survive a restart. `touch` is left
 * out on purpose: refreshing expiry on every request would journal a write per page view.
 */
export class DbSessionStore extends session.Store {
  private lastPrune = 0;

  constructor(
    private readonly store: Store,
    private readonly ttlMs = 7 * DAY,
  ) {
    super();
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    const rec = this.store.get('sessions', sid);
    if (!rec || rec.expiresAt < Date.now()) return callback(null, null);
    callback(null, rec.data as session.SessionData);
  }

  override set(sid: string, data: session.SessionData, callback?: (err?: unknown) => void): void {
    const expiresAt = data.cookie?.expires ? new Date(data.cookie.expires).getTime() : Date.now() + this.ttlMs;
    const now = Date.now();
    const prune = now - this.lastPrune > 60 * 60 * 1000;
    if (prune) this.lastPrune = now;
    this.store
      .transact((tx) => {
        const rec = { id: sid, data: JSON.parse(JSON.stringify(data)) as unknown, expiresAt };
        if (tx.get('sessions', sid)) tx.replace('sessions', rec);
        else tx.insert('sessions', rec);
        if (prune) for (const s of Array.from(tx.all('sessions'))) if (s.expiresAt < now) tx.remove('sessions', s.id);
      })
      .then(() => callback?.(), (err: unknown) => callback?.(err));
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.store
      .transact((tx) => tx.remove('sessions', sid))
      .then(() => callback?.(), (err: unknown) => callback?.(err));
  }
}
