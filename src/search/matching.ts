import { ForbiddenError, NotFoundError } from '../errors.js';
import { newId, type ReadView, type Store } from '../storage/index.js';
import type { ArticleRecord, ClaimRecord, MatchRecord, ScaleEntry } from '../storage/records.js';
import { hasRole, type Actor } from '../users/types.js';
import { CheckedClaimIndex } from './claim-index.js';

/** Suggested matches: a new claim that repeats a claim already checked in another article. */
export { MATCH_THRESHOLD, similarity } from './claim-index.js';

/** Suggestions kept per new claim, best first. */
export const MAX_MATCHES_PER_CLAIM = 3;

export interface MatchView {
  match: MatchRecord;
  /** The other claim of the pair (the earlier, checked one when `direction` is 'earlier'). */
  claim: ClaimRecord;
  article: ArticleRecord | undefined;
  verdict: ScaleEntry | null;
  /** 'earlier': the other claim was checked before this one; 'later': this claim was matched by a newer one. */
  direction: 'earlier' | 'later';
}

const STATE_ORDER: Record<MatchRecord['state'], number> = { confirmed: 0, suggested: 1, rejected: 2 };

export function verdictEntry(view: ReadView, key: string | null): ScaleEntry | null {
  if (!key) return null;
  // A key no longer on the scale still shows, in neutral grey (as the view helpers do).
  return view.settings.scale.find((e) => e.key === key) ?? { key, label: key, rank: null, value: null, colour: '#868e96' };
}

export class MatchingService {
  /** Every checked claim, built on first use, then refreshed incrementally. */
  private readonly index = new CheckedClaimIndex();
  /** Store sequence at the last refresh; unchanged means nothing to do. */
  private syncedSeq = -1;

  constructor(private readonly store: Store) {}

  /**
   * Finds earlier checked claims (from other articles) that each new claim repeats, and stores them as
   * suggested matches with a history entry. Dismissed and not-a-claim candidates are skipped.
   * Calling it again for the same claims adds nothing twice.
   */
  async linkNewClaims(articleId: string, claimIds: string[], actor: Actor): Promise<MatchRecord[]> {
    this.refresh();
    const proposals: Array<{ claimId: string; matchedClaimId: string; similarity: number }> = [];
    for (const id of new Set(claimIds)) {
      const claim = this.store.get('claims', id);
      if (!claim || claim.articleId !== articleId || claim.status === 'dismissed' || claim.type === 'not_a_claim') continue;
      for (const hit of this.index.candidates(claim, MAX_MATCHES_PER_CLAIM)) proposals.push({ claimId: claim.id, matchedClaimId: hit.id, similarity: hit.similarity });
    }
    if (proposals.length === 0) return [];
    return this.store.transact((tx) => {
      const created: MatchRecord[] = [];
      const perClaim = new Map<string, number>();
      for (const p of proposals) {
        const existing = tx.find('matches', 'claimId', p.claimId);
        const count = perClaim.get(p.claimId) ?? existing.length;
        if (count >= MAX_MATCHES_PER_CLAIM) continue;
        if (existing.some((m) => m.matchedClaimId === p.matchedClaimId)) continue;
        if (!tx.get('claims', p.claimId) || !tx.get('claims', p.matchedClaimId)) continue;
        const now = new Date().toISOString();
        const match: MatchRecord = {
          id: newId('mat'),
          claimId: p.claimId,
          matchedClaimId: p.matchedClaimId,
          similarity: p.similarity,
          state: 'suggested',
          decidedBy: null,
          createdAt: now,
          updatedAt: now,
        };
        created.push(tx.insert('matches', match));
        tx.audit({ actor, entity: 'match', entityId: match.id, action: 'suggest', before: null, after: match });
        perClaim.set(p.claimId, count + 1);
      }
      return created;
    });
  }

  /**
   * The earlier checked claims this claim repeats, confirmed before suggested, most similar first.
   * Rejected ones only with `includeRejected`; with `includeLater`, also the newer claims that
   * repeat this one (after those, marked `direction: 'later'`).
   */
  matchesFor(claimId: string, opts: { includeRejected?: boolean; includeLater?: boolean } = {}): MatchView[] {
    const out: MatchView[] = [];
    const add = (match: MatchRecord, otherId: string, direction: MatchView['direction']) => {
      if (match.state === 'rejected' && !opts.includeRejected) return;
      const claim = this.store.get('claims', otherId);
      if (!claim) return; // merged or split away since the match was made
      out.push({ match, claim, article: this.store.get('articles', claim.articleId), verdict: verdictEntry(this.store, claim.verdict), direction });
    };
    for (const m of this.store.find('matches', 'claimId', claimId)) add(m, m.matchedClaimId, 'earlier');
    if (opts.includeLater) for (const m of this.store.find('matches', 'matchedClaimId', claimId)) add(m, m.claimId, 'later');
    const rank = (v: MatchView) => (v.direction === 'earlier' ? 0 : 10) + STATE_ORDER[v.match.state];
    return out.sort((a, b) => rank(a) - rank(b) || b.match.similarity - a.match.similarity);
  }

  get(matchId: string): MatchRecord | undefined {
    return this.store.get('matches', matchId);
  }

  /** A reviewer confirms that the claims are the same, or rejects the suggestion. */
  async decide(matchId: string, decision: 'confirmed' | 'rejected', actor: Actor): Promise<MatchRecord> {
    if (!hasRole(actor, 'reviewer')) throw new ForbiddenError('Viewers cannot decide on matches.');
    return this.store.transact((tx) => {
      const before = tx.get('matches', matchId);
      if (!before) throw new NotFoundError('Match');
      if (before.state === decision) return before;
      const after: MatchRecord = { ...before, state: decision, decidedBy: actor.id, updatedAt: new Date().toISOString() };
      tx.replace('matches', after);
      tx.audit({ actor, entity: 'match', entityId: matchId, action: decision === 'confirmed' ? 'confirm' : 'reject', before, after });
      return after;
    });
  }

  /** Builds the index now rather than during the first import (e.g. just after the server starts). */
  warm(): void {
    this.refresh();
  }

  /** Number of checked claims in the index (after bringing it up to date). */
  indexSize(): number {
    this.refresh();
    return this.index.size;
  }

  /**
   * Brings the index up to date. Skipped when the store's sequence number is unchanged since the
   * last refresh (every commit advances it); otherwise a scan of claim versions that re-indexes
   * only what changed.
   */
  private refresh(): void {
    const seq = this.store.stats().seq;
    if (seq === this.syncedSeq) return;
    this.index.refresh(this.store.all('claims'));
    this.syncedSeq = seq;
  }
}
