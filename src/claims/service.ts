import { z } from 'zod';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, found } from '../errors.js';
import { extractClaims } from '../extraction/index.js';
import { newId, type Store, type Tx } from '../storage/index.js';
import { CLAIM_STATUSES, type ArticleRecord, type ClaimRecord, type ClaimStatus } from '../storage/records.js';
import { hasRole, type Actor } from '../users/types.js';
import { parse } from '../validation.js';

export const patchClaimCommand = z.object({
  version: z.coerce.number().int().positive(),
  text: z.string().trim().min(3, 'A claim needs at least a few words.').max(2000).optional(),
  status: z.enum(CLAIM_STATUSES).optional(),
});

/** Status changes a reviewer may make by hand; "checked" only comes from a verdict. */
const TRIAGE: Record<'accept' | 'dismiss' | 'restore', ClaimStatus> = { accept: 'in_review', dismiss: 'dismissed', restore: 'new' };
export type TriageAction = keyof typeof TRIAGE;
export const TRIAGE_ACTIONS = ['accept', 'dismiss', 'restore'] as const satisfies readonly TriageAction[];

export class ClaimsService {
  constructor(private readonly store: Store) {}

  get(id: string): ClaimRecord | undefined {
    return this.store.get('claims', id);
  }

  require(id: string): ClaimRecord {
    return found(this.get(id), 'Claim');
  }

  /** Accept a candidate into review, dismiss it, or restore a dismissed one. */
  async triage(id: string, action: TriageAction, version: number | undefined, actor: Actor): Promise<ClaimRecord> {
    if (!hasRole(actor, 'reviewer')) throw new ForbiddenError('Viewers cannot change claims.');
    const status = TRIAGE[action];
    return this.store.transact((tx) => {
      const claim = current(tx, id, version);
      if (claim.status === 'checked' && !hasRole(actor, 'editor')) throw new ForbiddenError('Only an editor can change a checked claim.');
      return change(tx, claim, { status }, actor, action);
    });
  }

  /** PATCH: edit wording and/or status, refused when `version` is stale. */
  async patch(id: string, input: z.input<typeof patchClaimCommand>, actor: Actor): Promise<ClaimRecord> {
    const cmd = parse(patchClaimCommand, input);
    if (!hasRole(actor, 'editor') && (cmd.text !== undefined || cmd.status === 'checked')) {
      throw new ForbiddenError('Only editors can edit a claim\'s wording or mark it checked by hand.');
    }
    if (!hasRole(actor, 'reviewer')) throw new ForbiddenError('Viewers cannot change claims.');
    return this.store.transact((tx) => {
      const claim = current(tx, id, cmd.version);
      if (cmd.status === 'checked' && !claim.verdict) throw new BadRequestError('A claim becomes checked with a verdict.');
      if (claim.status === 'checked' && cmd.status !== undefined && cmd.status !== 'checked' && !hasRole(actor, 'editor')) {
        throw new ForbiddenError('Only an editor can change a checked claim.');
      }
      const changes: Partial<ClaimRecord> = {};
      if (cmd.text !== undefined && cmd.text !== claim.text) changes.text = cmd.text;
      if (cmd.status !== undefined && cmd.status !== claim.status) changes.status = cmd.status;
      if (Object.keys(changes).length === 0) return claim;
      return change(tx, claim, changes, actor, changes.text ? 'edit' : 'status');
    });
  }

  /**
   * Merges a claim with the next claim of its article into one spanning both. Claims that already
   * have reviews or evidence are not merged: that work belongs to a specific wording.
   */
  async mergeWithNext(id: string, version: number | undefined, actor: Actor): Promise<ClaimRecord> {
    if (!hasRole(actor, 'reviewer')) throw new ForbiddenError('Viewers cannot change claims.');
    return this.store.transact((tx) => {
      const first = current(tx, id, version);
      const siblings = tx.find('claims', 'articleId', first.articleId).sort((a, b) => a.start - b.start);
      const next = siblings.find((c) => c.start >= first.end && c.id !== first.id);
      if (!next) throw new BadRequestError('There is no following claim to merge with.');
      for (const c of [first, next]) assertUntouched(tx, c);
      const article = tx.get('articles', first.articleId)!;
      const merged = derived(tx, article, first.start, next.end, 'merged', actor, first);
      for (const c of [first, next]) {
        tx.remove('claims', c.id);
        tx.audit({ actor, entity: 'claim', entityId: c.id, action: 'merged-into', before: c, after: { into: merged.id } });
      }
      tx.audit({ actor, entity: 'claim', entityId: merged.id, action: 'merge', before: { from: [first.id, next.id] }, after: merged });
      return merged;
    });
  }

  /** Splits a claim in two at `at` (an offset into the article text, inside the claim's span). */
  async split(id: string, at: number, version: number | undefined, actor: Actor): Promise<[ClaimRecord, ClaimRecord]> {
    if (!hasRole(actor, 'reviewer')) throw new ForbiddenError('Viewers cannot change claims.');
    return this.store.transact((tx) => {
      const claim = current(tx, id, version);
      assertUntouched(tx, claim);
      const article = tx.get('articles', claim.articleId)!;
      if (!Number.isInteger(at) || at <= claim.start || at >= claim.end) {
        throw new BadRequestError('Choose a split point inside the claim.');
      }
      const left = trimSpan(article.text, claim.start, at);
      const right = trimSpan(article.text, at, claim.end);
      if (left.end - left.start < 2 || right.end - right.start < 2) throw new BadRequestError('Both parts need some text.');
      const a = derived(tx, article, left.start, left.end, 'split', actor, claim);
      const b = derived(tx, article, right.start, right.end, 'split', actor, claim);
      tx.remove('claims', claim.id);
      tx.audit({ actor, entity: 'claim', entityId: claim.id, action: 'split', before: claim, after: { into: [a.id, b.id] } });
      for (const part of [a, b]) tx.audit({ actor, entity: 'claim', entityId: part.id, action: 'created-by-split', before: { from: claim.id }, after: part });
      return [a, b];
    });
  }

  /** Adds a claim from a span of the article that a reviewer selected. */
  async addFromSelection(articleId: string, start: number, end: number, actor: Actor): Promise<ClaimRecord> {
    if (!hasRole(actor, 'reviewer')) throw new ForbiddenError('Viewers cannot add claims.');
    return this.store.transact((tx) => {
      const article = tx.get('articles', articleId);
      if (!article) throw new NotFoundError('Article');
      if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > article.text.length || end <= start) {
        throw new BadRequestError('The selection is not inside the article text.');
      }
      const span = trimSpan(article.text, start, end);
      if (span.end - span.start < 3) throw new BadRequestError('Select at least a few words.');
      const dup = tx.find('claims', 'articleId', articleId).find((c) => c.start === span.start && c.end === span.end);
      if (dup) throw new ConflictError('That text is already a claim.', dup);
      const claim = derived(tx, article, span.start, span.end, 'manual', actor, null);
      tx.audit({ actor, entity: 'claim', entityId: claim.id, action: 'add', before: null, after: claim });
      return claim;
    });
  }
}

/** The claim, checked against the version the caller based its change on. */
function current(tx: Tx, id: string, version: number | undefined): ClaimRecord {
  const claim = tx.get('claims', id);
  if (!claim) throw new NotFoundError('Claim');
  if (version !== undefined && claim.version !== version) {
    throw new ConflictError('This claim was changed by someone else since you loaded it.', claim);
  }
  return claim;
}

function change(tx: Tx, claim: ClaimRecord, changes: Partial<ClaimRecord>, actor: Actor, action: string): ClaimRecord {
  if (claim.status === 'checked' && changes.status && changes.status !== 'checked') {
    // A claim that leaves "checked" loses its final verdict (kept in history), so nothing shows a
    // verdict for a claim that is being reviewed again.
    changes = { ...changes, verdict: null, rationale: null, verdictBy: null, verdictAt: null };
  }
  const next: ClaimRecord = { ...claim, ...changes, version: claim.version + 1, updatedAt: new Date().toISOString(), updatedBy: actor.id };
  tx.replace('claims', next);
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const key of Object.keys(changes) as Array<keyof ClaimRecord>) {
    before[key] = claim[key];
    after[key] = next[key];
  }
  tx.audit({ actor, entity: 'claim', entityId: claim.id, action, before, after });
  return next;
}

/** Merge and split rewrite a claim's span; work already attached to the claim belongs to its wording. */
function assertUntouched(tx: Tx, claim: ClaimRecord): void {
  if (claim.status === 'checked') throw new ConflictError('This claim is checked; reopen it or add a new claim instead.');
  const attached =
    tx.find('reviews', 'claimId', claim.id).length +
    tx.find('evidence', 'claimId', claim.id).length +
    tx.find('comments', 'claimId', claim.id).length +
    tx.find('assignments', 'claimId', claim.id).filter((a) => a.state !== 'released').length +
    tx.find('matches', 'claimId', claim.id).length;
  if (attached > 0) {
    throw new ConflictError('This claim already has reviews, evidence, comments, assignments or matches; dismiss it and add a new claim instead.');
  }
}

function trimSpan(text: string, start: number, end: number): { start: number; end: number } {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
}

/** A new claim for a span of the article, scored by the same extractor as imported claims. */
function derived(tx: Tx, article: ArticleRecord, start: number, end: number, origin: ClaimRecord['origin'], actor: Actor, from: ClaimRecord | null): ClaimRecord {
  const text = article.text.slice(start, end);
  const assessed = extractClaims(text, { format: 'text' }).claims;
  const best = assessed.reduce<(typeof assessed)[number] | undefined>((b, c) => (!b || c.score > b.score ? c : b), undefined);
  const now = new Date().toISOString();
  const claim: ClaimRecord = {
    id: newId('clm'), articleId: article.id, text, start, end,
    score: best?.score ?? 0, reasons: best?.reasons ?? [], type: best?.type ?? 'other',
    speaker: from?.speaker ?? best?.speaker ?? null,
    status: from?.status === 'dismissed' ? 'new' : (from?.status ?? 'new'), origin,
    verdict: null, rationale: null, verdictBy: null, verdictAt: null,
    createdAt: now, updatedAt: now, updatedBy: actor.id, version: 1,
  };
  return tx.insert('claims', claim);
}
