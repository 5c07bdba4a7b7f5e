import type { Services } from '../services.js';
import type { ClaimRecord } from '../storage/records.js';
import type { Actor } from '../users/types.js';

/**
 * What the API shows of a claim to one person. While a claim collects independent reviews the viewer
 * gets only their own review and evidence (blind review); the same rule drives the claim page.
 */
export function claimSummary(claim: ClaimRecord, services: Services) {
  const progress = services.reviews.progress(claim);
  return {
    ...claim,
    progress: { required: progress.required, submitted: progress.submitted, needsAdjudication: progress.needsAdjudication },
  };
}

export function claimDetail(claim: ClaimRecord, actor: Actor, services: Services) {
  const vis = services.reviews.visibility(claim, actor);
  const progress = services.reviews.progress(claim);
  const evidence = services.sources
    .evidenceFor(claim.id)
    .filter((e) => vis.othersVisible || e.addedBy === actor.id)
    .map((e) => ({
      id: e.id, stance: e.stance, quote: e.quote, note: e.note, addedBy: e.addedBy, createdAt: e.createdAt, version: e.version,
      source: { id: e.source.id, url: e.source.url, title: e.source.title, publisher: e.source.publisher, date: e.source.date, kind: e.source.kind },
    }));
  return {
    ...claim,
    blind: !vis.othersVisible,
    reviews: vis.reviews.map((r) => ({
      id: r.id, reviewerId: r.reviewerId, reviewer: services.users.label(r.reviewerId), verdict: r.verdict, confidence: r.confidence,
      rationale: r.rationale, createdAt: r.createdAt, updatedAt: r.updatedAt, version: r.version,
    })),
    evidence,
    assignees: progress.assignees.map((a) => ({ userId: a.userId, name: services.users.label(a.userId), state: a.state, assignedAt: a.createdAt })),
    progress: {
      required: progress.required,
      submitted: progress.submitted,
      needsAdjudication: progress.needsAdjudication,
      // Whether reviews disagree is itself a hint about others' verdicts: only shown to those who may see them.
      disagreement: vis.othersVisible ? progress.disagreement : null,
    },
    comments: vis.othersVisible
      ? services.reviews.commentsOf(claim.id).map((c) => ({ id: c.id, author: services.users.label(c.authorId), authorId: c.authorId, body: c.body, createdAt: c.createdAt, updatedAt: c.updatedAt, version: c.version }))
      : [],
  };
}
