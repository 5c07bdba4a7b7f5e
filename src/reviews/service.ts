import { z } from 'zod';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { newId, type ReadView, type Store, type Tx } from '../storage/index.js';
import type { AssignmentRecord, ClaimRecord, CommentRecord, ReviewRecord, UserRecord } from '../storage/records.js';
import { hasRole, type Actor } from '../users/types.js';
import { parse } from '../validation.js';
import { agreementReport, type AgreementReport } from './agreement.js';

export const reviewCommand = z.object({
  verdict: z.string().trim().min(1, 'Choose a verdict.'),
  rationale: z.string().max(20000).optional().transform((v) => v?.trim() ?? ''),
  confidence: z
    .union([z.number(), z.string().trim()])
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : Number(v)))
    .pipe(z.number().min(0, 'Confidence is between 0 and 1.').max(1, 'Confidence is between 0 and 1.').nullable()),
});
export type ReviewCommand = z.input<typeof reviewCommand>;

export const adjudicationCommand = z.object({
  /** The claim version the editor decided on; a stale one is refused (409). */
  version: z.coerce.number().int().positive().optional(),
  verdict: z.string().trim().min(1, 'Choose a verdict.'),
  reason: z.string().trim().min(1, 'Give the reason for the final verdict.').max(20000),
});

export const commentCommand = z.object({ body: z.string().trim().min(1, 'Write something first.').max(10000) });

/** What one person may see of a claim's independent reviews right now. */
export interface ReviewVisibility {
  /** False while the viewer must not see other reviewers' verdicts, rationales, evidence or comments. */
  othersVisible: boolean;
  own: ReviewRecord | null;
  reviews: ReviewRecord[];
  reason: string | null;
}

export interface ClaimProgress {
  required: number;
  submitted: number;
  assignees: AssignmentRecord[];
  needsAdjudication: boolean;
  disagreement: boolean;
}

export class ReviewsService {
  constructor(private readonly store: Store) {}

  reviewsOf(claimId: string): ReviewRecord[] {
    return this.store.find('reviews', 'claimId', claimId).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  activeAssignments(claimId: string, view: ReadView = this.store): AssignmentRecord[] {
    return view.find('assignments', 'claimId', claimId).filter((a) => a.state !== 'released');
  }

  progress(claim: ClaimRecord, view: ReadView = this.store): ClaimProgress {
    const assignees = this.activeAssignments(claim.id, view);
    const reviews = view.find('reviews', 'claimId', claim.id);
    const required = Math.max(1, assignees.length);
    const disagreement = new Set(reviews.map((r) => r.verdict)).size > 1;
    const complete = reviews.length >= required;
    const needsAdjudication =
      claim.status !== 'checked' && claim.status !== 'dismissed' && complete && (disagreement || view.settings.adjudication === 'always');
    return { required, submitted: reviews.length, assignees, needsAdjudication, disagreement };
  }

  /**
   * Blind review: while a claim is still collecting independent reviews, someone who could review it
   * and has not submitted sees nobody else's verdict, rationale, evidence or comments. Editors who are
   * not reviewing it themselves see everything (they adjudicate); everyone sees all once it is checked.
   */
  visibility(claim: ClaimRecord, viewer: Actor, view: ReadView = this.store): ReviewVisibility {
    const reviews = view.find('reviews', 'claimId', claim.id).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const own = reviews.find((r) => r.reviewerId === viewer.id) ?? null;
    const assigned = this.activeAssignments(claim.id, view).some((a) => a.userId === viewer.id);
    let othersVisible: boolean;
    let reason: string | null = null;
    if (claim.status === 'checked' || own) othersVisible = true;
    else if (hasRole(viewer, 'editor') && !assigned) othersVisible = true;
    else {
      othersVisible = false;
      reason = hasRole(viewer, 'reviewer')
        ? 'Independent review: other reviewers\' verdicts, evidence and comments appear once you submit your own review.'
        : 'Reviews in progress are visible once the claim is checked.';
    }
    return { othersVisible, own, reviews: othersVisible ? reviews : own ? [own] : [], reason };
  }

  /** Whether `viewer` may see other people's work on a claim (see `visibility`). */
  canSee(claimId: string, viewer: Actor): boolean {
    const claim = this.store.get('claims', claimId);
    return claim !== undefined && this.visibility(claim, viewer).othersVisible;
  }

  /** Submits (or replaces) the acting reviewer's independent review, and concludes the claim on consensus. */
  async submit(claimId: string, input: ReviewCommand, actor: Actor): Promise<{ review: ReviewRecord; claim: ClaimRecord }> {
    if (!hasRole(actor, 'reviewer')) throw new ForbiddenError('Viewers cannot review claims.');
    const cmd = parse(reviewCommand, input);
    return this.store.transact((tx) => {
      const claim = tx.get('claims', claimId);
      if (!claim) throw new NotFoundError('Claim');
      assertVerdict(tx, cmd.verdict);
      if (claim.status === 'dismissed') throw new BadRequestError('This claim was dismissed; restore it before reviewing.');
      if (claim.status === 'checked') throw new ConflictError('This claim is already checked; an editor can reopen it.');
      const assignees = this.activeAssignments(claimId, tx);
      if (assignees.length > 0 && !assignees.some((a) => a.userId === actor.id)) {
        throw new ForbiddenError('This claim is assigned to other reviewers.');
      }
      const now = new Date().toISOString();
      const existing = tx.find('reviews', 'claimId', claimId).find((r) => r.reviewerId === actor.id);
      let review: ReviewRecord;
      if (existing) {
        review = { ...existing, verdict: cmd.verdict, rationale: cmd.rationale, confidence: cmd.confidence, updatedAt: now, version: existing.version + 1 };
        tx.replace('reviews', review);
        tx.audit({ actor, entity: 'review', entityId: review.id, action: 'update', before: existing, after: review });
      } else {
        review = {
          id: newId('rev'), claimId, reviewerId: actor.id, verdict: cmd.verdict, rationale: cmd.rationale,
          confidence: cmd.confidence, createdAt: now, updatedAt: now, version: 1,
        };
        tx.insert('reviews', review);
        tx.audit({ actor, entity: 'review', entityId: review.id, action: 'submit', before: null, after: review });
      }
      for (const a of assignees) {
        if (a.userId === actor.id && a.state === 'open') {
          const done: AssignmentRecord = { ...a, state: 'submitted', updatedAt: now };
          tx.replace('assignments', done);
          tx.audit({ actor, entity: 'assignment', entityId: a.id, action: 'submitted', before: { state: a.state }, after: { state: done.state } });
        }
      }
      return { review, claim: this.conclude(tx, claim, actor) };
    });
  }

  /** Sets the final verdict after independent reviews (or instead of them), with the reason. */
  async adjudicate(claimId: string, input: z.input<typeof adjudicationCommand>, actor: Actor): Promise<ClaimRecord> {
    if (!hasRole(actor, 'editor')) throw new ForbiddenError('Only editors can set a final verdict.');
    const cmd = parse(adjudicationCommand, input);
    return this.store.transact((tx) => {
      const claim = tx.get('claims', claimId);
      if (!claim) throw new NotFoundError('Claim');
      if (cmd.version !== undefined && cmd.version !== claim.version) {
        throw new ConflictError('This claim changed since you opened it (another verdict or review came in).', claim);
      }
      if (claim.status === 'dismissed') throw new BadRequestError('This claim was dismissed; restore it before setting a verdict.');
      assertVerdict(tx, cmd.verdict);
      const now = new Date().toISOString();
      const next: ClaimRecord = {
        ...claim, status: 'checked', verdict: cmd.verdict, rationale: cmd.reason, verdictBy: actor.id, verdictAt: now,
        version: claim.version + 1, updatedAt: now, updatedBy: actor.id,
      };
      tx.replace('claims', next);
      tx.audit({
        actor, entity: 'claim', entityId: claimId, action: 'adjudicate',
        before: { status: claim.status, verdict: claim.verdict, rationale: claim.rationale },
        after: { status: next.status, verdict: next.verdict, rationale: next.rationale },
      });
      return next;
    });
  }

  /** Reopens a checked claim for review (editor); its reviews are kept. */
  async reopen(claimId: string, actor: Actor): Promise<ClaimRecord> {
    if (!hasRole(actor, 'editor')) throw new ForbiddenError('Only editors can reopen a checked claim.');
    return this.store.transact((tx) => {
      const claim = tx.get('claims', claimId);
      if (!claim) throw new NotFoundError('Claim');
      if (claim.status !== 'checked') throw new BadRequestError('Only a checked claim can be reopened.');
      // The final verdict goes (history keeps it): a claim under review shows no verdict anywhere.
      const next: ClaimRecord = {
        ...claim, status: 'in_review', verdict: null, rationale: null, verdictBy: null, verdictAt: null,
        version: claim.version + 1, updatedAt: new Date().toISOString(), updatedBy: actor.id,
      };
      tx.replace('claims', next);
      tx.audit({
        actor, entity: 'claim', entityId: claimId, action: 'reopen',
        before: { status: claim.status, verdict: claim.verdict, rationale: claim.rationale }, after: { status: next.status, verdict: null },
      });
      return next;
    });
  }

  /** Assigns reviewers to claims; existing assignments are kept, released ones can be renewed. */
  async assign(claimIds: string[], userIds: string[], actor: Actor): Promise<AssignmentRecord[]> {
    if (!hasRole(actor, 'editor')) throw new ForbiddenError('Only editors can assign claims.');
    if (!claimIds.length || !userIds.length) throw new BadRequestError('Choose at least one claim and one reviewer.');
    return this.store.transact((tx) => {
      const users = userIds.map((id) => reviewer(tx, id));
      const created: AssignmentRecord[] = [];
      for (const claimId of claimIds) {
        const claim = tx.get('claims', claimId);
        if (!claim) throw new NotFoundError('Claim');
        for (const user of users) {
          const a = this.addAssignment(tx, claim, user, actor);
          if (a) created.push(a);
        }
      }
      return created;
    });
  }

  /**
   * Gives every check-worthy open claim of an article `perClaim` independent reviewers, choosing the
   * reviewers with the fewest open assignments first (ties by name), never the same person twice.
   */
  async autoAssign(articleId: string, perClaim: number, actor: Actor, opts: { onlyCheckWorthy?: boolean } = {}): Promise<AssignmentRecord[]> {
    if (!hasRole(actor, 'editor')) throw new ForbiddenError('Only editors can assign claims.');
    if (!Number.isInteger(perClaim) || perClaim < 1 || perClaim > 5) throw new BadRequestError('Reviews per claim is between 1 and 5.');
    return this.store.transact((tx) => {
      if (!tx.get('articles', articleId)) throw new NotFoundError('Article');
      const pool = Array.from(tx.all('users')).filter((u) => u.active && (u.role === 'reviewer' || u.role === 'editor'));
      if (pool.length < perClaim) throw new BadRequestError(`Only ${pool.length} active reviewer(s) for ${perClaim} independent reviews per claim.`);
      const load = new Map(pool.map((u) => [u.id, tx.find('assignments', 'userId', u.id).filter((a) => a.state === 'open').length]));
      const claims = tx
        .find('claims', 'articleId', articleId)
        .filter((c) => c.status !== 'dismissed' && c.status !== 'checked' && (opts.onlyCheckWorthy === false || c.score >= 0.5))
        .sort((a, b) => a.start - b.start);
      const created: AssignmentRecord[] = [];
      for (const claim of claims) {
        const have = new Set(this.activeAssignments(claim.id, tx).map((a) => a.userId));
        const candidates = pool
          .filter((u) => !have.has(u.id))
          .sort((a, b) => load.get(a.id)! - load.get(b.id)! || a.name.localeCompare(b.name));
        for (const user of candidates.slice(0, Math.max(0, perClaim - have.size))) {
          const a = this.addAssignment(tx, claim, user, actor);
          if (a) {
            created.push(a);
            load.set(user.id, load.get(user.id)! + 1);
          }
        }
      }
      return created;
    });
  }

  /** Removes a reviewer from a claim (editor), or lets an assignee give an assignment back. */
  async unassign(claimId: string, userId: string, actor: Actor): Promise<void> {
    if (!hasRole(actor, 'editor') && actor.id !== userId) throw new ForbiddenError('Only editors can unassign other reviewers.');
    await this.store.transact((tx) => {
      const active = this.activeAssignments(claimId, tx).filter((a) => a.userId === userId);
      if (!active.length) throw new NotFoundError('Assignment');
      for (const a of active) {
        const next: AssignmentRecord = { ...a, state: 'released', updatedAt: new Date().toISOString() };
        tx.replace('assignments', next);
        tx.audit({ actor, entity: 'assignment', entityId: a.id, action: 'release', before: a, after: next });
      }
      // With fewer reviewers required, the reviews already in may now settle the claim.
      const claim = tx.get('claims', claimId);
      if (claim && claim.status === 'in_review' && tx.find('reviews', 'claimId', claimId).length > 0) this.conclude(tx, claim, actor);
    });
  }

  /**
   * Agreement between independent reviewers over the given claims (an article's, or the whole
   * team's), and of reviewers against the final verdicts.
   */
  agreement(claims: Iterable<ClaimRecord>): AgreementReport {
    const input = [];
    for (const c of claims) {
      const reviews = this.store.find('reviews', 'claimId', c.id);
      if (!reviews.length) continue;
      input.push({
        claimId: c.id,
        reviews: reviews.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map((r) => ({ reviewerId: r.reviewerId, verdict: r.verdict })),
        finalVerdict: c.status === 'checked' ? c.verdict : null,
      });
    }
    return agreementReport({ claims: input, scale: this.store.settings.scale });
  }

  /** Per reviewer: open assignments, submitted reviews, and how often they matched the final verdict. */
  reviewerStats(): Array<{ user: UserRecord; open: number; submitted: number; matchedFinal: number; withFinal: number }> {
    return Array.from(this.store.all('users'))
      .filter((u) => u.role !== 'viewer')
      .map((user) => {
        const open = this.store.find('assignments', 'userId', user.id).filter((a) => a.state === 'open').length;
        const reviews = this.store.find('reviews', 'reviewerId', user.id);
        let matchedFinal = 0;
        let withFinal = 0;
        for (const r of reviews) {
          const c = this.store.get('claims', r.claimId);
          if (c?.status === 'checked' && c.verdict) {
            withFinal++;
            if (c.verdict === r.verdict) matchedFinal++;
          }
        }
        return { user, open, submitted: reviews.length, matchedFinal, withFinal };
      })
      .sort((a, b) => a.user.name.localeCompare(b.user.name));
  }

  /** Counts for an article's progress bar. */
  articleProgress(articleId: string): { total: number; worthy: number; checked: number; inReview: number; dismissed: number; pendingReviews: number } {
    let total = 0, worthy = 0, checked = 0, inReview = 0, dismissed = 0, pendingReviews = 0;
    for (const c of this.store.find('claims', 'articleId', articleId)) {
      total++;
      if (c.status === 'dismissed') {
        dismissed++;
        continue;
      }
      if (c.score >= 0.5) worthy++;
      if (c.status === 'checked') checked++;
      if (c.status === 'in_review') inReview++;
      pendingReviews += this.activeAssignments(c.id).filter((a) => a.state === 'open').length;
    }
    return { total, worthy, checked, inReview, dismissed, pendingReviews };
  }

  /** Open assignments of a user, oldest first. */
  queue(userId: string): Array<{ assignment: AssignmentRecord; claim: ClaimRecord }> {
    return this.store
      .find('assignments', 'userId', userId)
      .filter((a) => a.state === 'open')
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((assignment) => ({ assignment, claim: this.store.get('claims', assignment.claimId)! }))
      .filter((x) => x.claim && x.claim.status !== 'dismissed' && x.claim.status !== 'checked');
  }

  /** Claims whose independent reviews are complete and wait for an editor's final verdict. */
  adjudicationQueue(): ClaimRecord[] {
    const out: ClaimRecord[] = [];
    for (const claim of this.store.all('claims')) {
      if (claim.status === 'in_review' && this.progress(claim).needsAdjudication) out.push(claim);
    }
    return out.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
  }

  commentsOf(claimId: string): CommentRecord[] {
    return this.store.find('comments', 'claimId', claimId).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /**
   * Comments that mention a user, newest first. On a claim the user is still blind on, the mention
   * shows but its text waits until they have submitted their own review.
   */
  mentionsOf(viewer: Actor, limit = 20): CommentRecord[] {
    const out: CommentRecord[] = [];
    for (const c of this.store.all('comments')) {
      if (!c.mentions.includes(viewer.id)) continue;
      out.push(this.canSee(c.claimId, viewer) ? c : { ...c, body: '(visible once you submit your review of this claim)' });
    }
    return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
  }

  async comment(claimId: string, input: z.input<typeof commentCommand>, actor: Actor): Promise<CommentRecord> {
    if (!hasRole(actor, 'reviewer')) throw new ForbiddenError('Viewers cannot comment.');
    const { body } = parse(commentCommand, input);
    return this.store.transact((tx) => {
      if (!tx.get('claims', claimId)) throw new NotFoundError('Claim');
      const now = new Date().toISOString();
      const comment: CommentRecord = {
        id: newId('cmt'), claimId, authorId: actor.id, body, mentions: mentions(tx, body), createdAt: now, updatedAt: now, version: 1,
      };
      tx.insert('comments', comment);
      tx.audit({ actor, entity: 'comment', entityId: comment.id, action: 'create', before: null, after: comment });
      return comment;
    });
  }

  async editComment(commentId: string, input: z.input<typeof commentCommand> & { version: number }, actor: Actor): Promise<CommentRecord> {
    const { body } = parse(commentCommand, input);
    return this.store.transact((tx) => {
      const c = tx.get('comments', commentId);
      if (!c) throw new NotFoundError('Comment');
      if (c.authorId !== actor.id) throw new ForbiddenError('Only the author can edit a comment.');
      if (c.version !== input.version) throw new ConflictError('This comment was changed since you loaded it.', c);
      const next: CommentRecord = { ...c, body, mentions: mentions(tx, body), updatedAt: new Date().toISOString(), version: c.version + 1 };
      tx.replace('comments', next);
      tx.audit({ actor, entity: 'comment', entityId: c.id, action: 'edit', before: { body: c.body }, after: { body: next.body } });
      return next;
    });
  }

  private addAssignment(tx: Tx, claim: ClaimRecord, user: UserRecord, actor: Actor): AssignmentRecord | null {
    if (this.activeAssignments(claim.id, tx).some((a) => a.userId === user.id)) return null;
    const now = new Date().toISOString();
    const submitted = tx.find('reviews', 'claimId', claim.id).some((r) => r.reviewerId === user.id);
    const a: AssignmentRecord = {
      id: newId('asg'), claimId: claim.id, userId: user.id, assignedBy: actor.id, state: submitted ? 'submitted' : 'open', createdAt: now, updatedAt: now,
    };
    tx.insert('assignments', a);
    tx.audit({ actor, entity: 'assignment', entityId: a.id, action: 'assign', before: null, after: { claimId: claim.id, userId: user.id, userName: user.displayName } });
    const current = tx.get('claims', claim.id)!;
    if (current.status === 'new') {
      tx.replace('claims', { ...current, status: 'in_review', version: current.version + 1, updatedAt: now, updatedBy: actor.id });
      tx.audit({ actor, entity: 'claim', entityId: claim.id, action: 'status', before: { status: 'new' }, after: { status: 'in_review' } });
    }
    return a;
  }

  /** After a review: the claim is in review, or checked when all required reviews agree (and policy allows). */
  private conclude(tx: Tx, claim: ClaimRecord, actor: Actor): ClaimRecord {
    const reviews = tx.find('reviews', 'claimId', claim.id).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const { required, disagreement } = this.progress(claim, tx);
    const now = new Date().toISOString();
    let next: ClaimRecord;
    if (reviews.length >= required && !disagreement && tx.settings.adjudication === 'disagreement') {
      const rationale = reviews.map((r) => r.rationale).filter((r, i, all) => r && all.indexOf(r) === i).join('\n\n');
      next = {
        ...claim, status: 'checked', verdict: reviews[0]!.verdict, rationale: rationale || null, verdictBy: actor.id, verdictAt: now,
      };
    } else {
      next = { ...claim, status: 'in_review' };
    }
    if (next.status === claim.status && next.verdict === claim.verdict) return claim;
    next = { ...next, version: claim.version + 1, updatedAt: now, updatedBy: actor.id };
    tx.replace('claims', next);
    tx.audit({
      actor, entity: 'claim', entityId: claim.id, action: next.status === 'checked' ? 'consensus' : 'status',
      before: { status: claim.status, verdict: claim.verdict }, after: { status: next.status, verdict: next.verdict },
    });
    return next;
  }
}

function assertVerdict(view: ReadView, key: string): void {
  if (!view.settings.scale.some((e) => e.key === key)) {
    throw new BadRequestError(`"${key}" is not on the verdict scale. Use one of: ${view.settings.scale.map((e) => e.key).join(', ')}.`, undefined, 'unknown_verdict');
  }
}

function reviewer(view: ReadView, id: string): UserRecord {
  const u = view.get('users', id);
  if (!u) throw new NotFoundError(`User ${id}`);
  if (!u.active) throw new BadRequestError(`${u.displayName} is deactivated.`);
  if (!hasRole(u, 'reviewer')) throw new BadRequestError(`${u.displayName} is a viewer and cannot review.`);
  return u;
}

/** User ids mentioned as @name in a comment. */
function mentions(view: ReadView, body: string): string[] {
  const ids = new Set<string>();
  for (const m of body.matchAll(/(^|[^\w@])@([a-z0-9][a-z0-9._-]{1,31})/gi)) {
    const name = m[2]!.toLowerCase().replace(/[._-]+$/, '');
    const user = view.find('users', 'name', name)[0];
    if (user) ids.add(user.id);
  }
  return Array.from(ids);
}
