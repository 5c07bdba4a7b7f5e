import type { Store } from '../storage/index.js';
import { verifyHistory } from '../storage/index.js';
import type { HistoryRecord } from '../storage/records.js';

/** Reads the append-only, hash-chained history that every change writes (see storage/store.ts `audit`). */
export class HistoryService {
  constructor(private readonly store: Store) {}

  /** Newest first. */
  list(filter: { entityId?: string; actorId?: string; limit?: number } = {}): HistoryRecord[] {
    const source = filter.entityId
      ? this.store.find('history', 'entityId', filter.entityId)
      : filter.actorId
        ? this.store.find('history', 'actorId', filter.actorId)
        : Array.from(this.store.all('history'));
    const rows = filter.entityId && filter.actorId ? source.filter((h) => h.actorId === filter.actorId) : source;
    return rows.sort((a, b) => b.seq - a.seq).slice(0, filter.limit ?? 500);
  }

  /** Entries about a claim and everything hanging off it (reviews, evidence, assignments, comments). */
  forClaim(claimId: string): HistoryRecord[] {
    const ids = new Set<string>([claimId]);
    for (const c of ['reviews', 'evidence', 'assignments', 'comments'] as const) {
      for (const r of this.store.find(c, 'claimId', claimId)) ids.add(r.id);
    }
    const out: HistoryRecord[] = [];
    for (const id of ids) out.push(...this.store.find('history', 'entityId', id));
    return out.sort((a, b) => b.seq - a.seq);
  }

  /**
   * Hides the before/after of entries about a claim the viewer may not see into yet (blind review):
   * the entry stays (who did what, when), its content does not.
   */
  redact(entries: HistoryRecord[], canSee: (claimId: string) => boolean, viewerId: string): HistoryRecord[] {
    return entries.map((h) => {
      if (h.actorId === viewerId) return h;
      const claimId = claimIdOf(h.after) ?? claimIdOf(h.before);
      if (!claimId || h.entity === 'claim' || canSee(claimId)) return h;
      return { ...h, before: null, after: { hidden: 'blind review in progress' } };
    });
  }

  verify() {
    return verifyHistory(this.store.all('history'));
  }
}

function claimIdOf(value: unknown): string | null {
  if (value && typeof value === 'object' && 'claimId' in value) {
    const id = (value as { claimId: unknown }).claimId;
    return typeof id === 'string' ? id : null;
  }
  return null;
}
