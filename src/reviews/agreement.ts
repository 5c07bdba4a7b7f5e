/**
 * Agreement between reviewers: percent agreement, Cohen's kappa and Krippendorff's alpha, plus the
 * report the review dashboard shows. Formulas follow the shared DOMAIN.md reference. Nothing is
 * rounded here; callers round for display.
 */
import type { ScaleEntry } from '../storage/records.js';

export type Rating = number | string;
export type AlphaLevel = 'nominal' | 'ordinal' | 'interval';

/** Ratings of one unit with the missing ones removed; a unit needs two to say anything about agreement. */
function pairable<T extends Rating>(units: ReadonlyArray<ReadonlyArray<T | null>>): T[][] {
  const out: T[][] = [];
  for (const unit of units) {
    const present = unit.filter((r): r is T => r !== null);
    if (present.length >= 2) out.push(present);
  }
  return out;
}

function countValues<T>(values: readonly T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/**
 * Krippendorff's alpha by the coincidence-matrix method. Missing ratings are null; units with fewer
 * than two ratings are dropped. Returns null when alpha is undefined: no pairable ratings, or every
 * pairable rating is the same value (expected disagreement 0).
 *
 * Ordinal and interval levels need numeric ratings: the order (and for interval the distance) comes
 * from the numbers themselves.
 */
export function krippendorffAlpha(
  units: ReadonlyArray<ReadonlyArray<number | null>>,
  level: AlphaLevel,
): number | null;
export function krippendorffAlpha(
  units: ReadonlyArray<ReadonlyArray<Rating | null>>,
  level: 'nominal',
): number | null;
export function krippendorffAlpha(
  units: ReadonlyArray<ReadonlyArray<Rating | null>>,
  level: AlphaLevel,
): number | null {
  const kept = pairable(units);
  if (kept.length === 0) return null;

  // Coincidence matrix o_ck, stored sparsely: each unit contributes its ordered pairs / (m_u - 1).
  const coincidence = new Map<Rating, Map<Rating, number>>();
  const add = (c: Rating, k: Rating, w: number): void => {
    let row = coincidence.get(c);
    if (!row) coincidence.set(c, (row = new Map()));
    row.set(k, (row.get(k) ?? 0) + w);
  };
  for (const unit of kept) {
    const m = unit.length;
    const counts = [...countValues(unit)];
    for (const [c, nc] of counts) {
      for (const [k, nk] of counts) {
        const pairs = c === k ? nc * (nc - 1) : nc * nk;
        if (pairs > 0) add(c, k, pairs / (m - 1));
      }
    }
  }

  const values = [...coincidence.keys()];
  const marginal = new Map<Rating, number>();
  for (const [c, row] of coincidence) {
    let sum = 0;
    for (const w of row.values()) sum += w;
    marginal.set(c, sum);
  }
  const n = [...marginal.values()].reduce((a, b) => a + b, 0);

  const distance = distanceFor(level, values, marginal);

  let observed = 0;
  for (const [c, row] of coincidence) {
    for (const [k, w] of row) observed += w * distance(c, k);
  }
  let expected = 0;
  for (const c of values) {
    for (const k of values) expected += (marginal.get(c) ?? 0) * (marginal.get(k) ?? 0) * distance(c, k);
  }
  if (expected === 0) return null;
  return 1 - ((n - 1) * observed) / expected;
}

function asNumber(v: Rating, level: AlphaLevel): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new TypeError(`${level} alpha needs finite numeric ratings, got ${JSON.stringify(v)}`);
  }
  return v;
}

function distanceFor(
  level: AlphaLevel,
  values: Rating[],
  marginal: Map<Rating, number>,
): (c: Rating, k: Rating) => number {
  if (level === 'nominal') return (c, k) => (c === k ? 0 : 1);
  if (level === 'interval') {
    return (c, k) => {
      const d = asNumber(c, level) - asNumber(k, level);
      return d * d;
    };
  }
  // Ordinal: the distance between two values is how many pairable ratings lie between them,
  // counting the two end values by half, so it depends on ranks and not on the numbers' spacing.
  const ordered = values.map((v) => asNumber(v, level)).sort((a, b) => a - b);
  const cumulative: number[] = [];
  let running = 0;
  for (const v of ordered) {
    running += marginal.get(v) ?? 0;
    cumulative.push(running);
  }
  const index = new Map(ordered.map((v, i) => [v, i] as const));
  return (c, k) => {
    const i = index.get(asNumber(c, level)) ?? 0;
    const j = index.get(asNumber(k, level)) ?? 0;
    if (i === j) return 0;
    const lo = Math.min(i, j);
    const hi = Math.max(i, j);
    const between = (cumulative[hi] ?? 0) - (lo > 0 ? (cumulative[lo - 1] ?? 0) : 0);
    const d = between - ((marginal.get(c) ?? 0) + (marginal.get(k) ?? 0)) / 2;
    return d * d;
  };
}

/**
 * Percent agreement as annotation tools compute it: for each unit with at least two ratings, the
 * share of ordered rater pairs that gave the same rating; then the mean over those units. A unit
 * rated A, A, B scores 2/6, not 0, so a single dissenter among many raters is not scored as total
 * disagreement. Null when no unit has two ratings.
 */
export function percentAgreement(units: ReadonlyArray<ReadonlyArray<Rating | null>>): number | null {
  const kept = pairable(units);
  if (kept.length === 0) return null;
  let total = 0;
  for (const unit of kept) {
    const m = unit.length;
    let agreeing = 0;
    for (const count of countValues(unit).values()) agreeing += count * (count - 1);
    total += agreeing / (m * (m - 1));
  }
  return total / kept.length;
}

export interface KappaParts {
  /** Observed agreement p_o. */
  observed: number;
  /** Agreement expected by chance from each rater's own label frequencies, p_e. */
  expected: number;
  kappa: number;
}

/** Cohen's kappa with its parts; null when there are no pairs or chance agreement is certain (p_e = 1). */
export function cohensKappaParts(pairs: ReadonlyArray<readonly [Rating, Rating]>): KappaParts | null {
  const total = pairs.length;
  if (total === 0) return null;
  let agree = 0;
  const first = new Map<Rating, number>();
  const second = new Map<Rating, number>();
  for (const [a, b] of pairs) {
    if (a === b) agree++;
    first.set(a, (first.get(a) ?? 0) + 1);
    second.set(b, (second.get(b) ?? 0) + 1);
  }
  let expected = 0;
  for (const [label, count] of first) expected += (count / total) * ((second.get(label) ?? 0) / total);
  const observed = agree / total;
  if (expected >= 1) return null;
  return { observed, expected, kappa: (observed - expected) / (1 - expected) };
}

/** Cohen's kappa for two raters; null when undefined (no pairs, or p_e = 1). */
export function cohensKappa(pairs: ReadonlyArray<readonly [Rating, Rating]>): number | null {
  return cohensKappaParts(pairs)?.kappa ?? null;
}

export interface AgreementInput {
  claims: ReadonlyArray<{
    claimId: string;
    reviews: ReadonlyArray<{ reviewerId: string; verdict: string }>;
    finalVerdict?: string | null;
  }>;
  scale: readonly ScaleEntry[];
}

export interface AlphaPair {
  nominal: number | null;
  ordinal: number | null;
}

export interface PairwiseAgreement {
  a: string;
  b: string;
  /** Claims both reviewers rated. */
  shared: number;
  percent: number | null;
  kappa: number | null;
}

export interface AgreementReport {
  /** Claims with at least two reviews. */
  claims: number;
  /** Distinct reviewers among those claims. */
  reviewers: number;
  percent: number | null;
  alpha: AlphaPair;
  /** Every pair of reviewers who rated at least one claim in common, ordered by reviewer id. */
  pairwise: PairwiseAgreement[];
  /** Ids of claims whose reviews do not all give the same verdict, in input order. */
  disagreements: string[];
  againstFinal: { claims: number; percent: number | null; alpha: AlphaPair };
}

/**
 * The agreement dashboard's numbers. A reviewer counts once per claim: if the input holds two
 * reviews by the same reviewer for one claim, the later one wins, as it does in the workflow.
 *
 * Nominal alpha uses every verdict key. Ordinal alpha uses only verdicts with a rank in the scale;
 * unordered labels (Unverifiable, Not a claim) and keys missing from the scale drop out, so a claim
 * left with fewer than two ranked verdicts does not count towards it.
 *
 * againstFinal compares reviewers with the adjudicated verdict, over claims that have a final
 * verdict and at least one review. Its alpha treats the final verdict as one more rater on each
 * claim, so a lone reviewer is still paired with it. Its percent is the share of reviews whose
 * verdict equals the final one: reviewer-to-reviewer pairs are left out because the question
 * here is how often a reviewer matched the outcome, not each other.
 */
export function agreementReport(input: AgreementInput): AgreementReport {
  const rank = new Map<string, number>();
  for (const entry of input.scale) if (entry.rank !== null) rank.set(entry.key, entry.rank);
  const ranked = (verdicts: readonly string[]): Array<number | null> =>
    verdicts.map((v) => rank.get(v) ?? null);

  const claims = input.claims.map((claim) => {
    const byReviewer = new Map<string, string>();
    for (const review of claim.reviews) byReviewer.set(review.reviewerId, review.verdict);
    return { id: claim.claimId, byReviewer, finalVerdict: claim.finalVerdict ?? null };
  });

  const reviewed = claims.filter((c) => c.byReviewer.size >= 2);
  const units = reviewed.map((c) => [...c.byReviewer.values()]);
  const reviewers = new Set<string>();
  for (const c of reviewed) for (const id of c.byReviewer.keys()) reviewers.add(id);

  const pairwise: PairwiseAgreement[] = [];
  const ids = [...reviewers].sort();
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const a = ids[i];
      const b = ids[j];
      if (a === undefined || b === undefined) continue;
      const pairs: Array<[string, string]> = [];
      for (const c of reviewed) {
        const va = c.byReviewer.get(a);
        const vb = c.byReviewer.get(b);
        if (va !== undefined && vb !== undefined) pairs.push([va, vb]);
      }
      if (pairs.length === 0) continue;
      const agreeing = pairs.filter(([x, y]) => x === y).length;
      pairwise.push({ a, b, shared: pairs.length, percent: agreeing / pairs.length, kappa: cohensKappa(pairs) });
    }
  }

  const disagreements = reviewed
    .filter((c) => new Set(c.byReviewer.values()).size > 1)
    .map((c) => c.id);

  const adjudicated = claims.filter(
    (c): c is typeof c & { finalVerdict: string } => c.finalVerdict !== null && c.byReviewer.size >= 1,
  );
  const withFinal = adjudicated.map((c) => [...c.byReviewer.values(), c.finalVerdict]);
  let reviewsCompared = 0;
  let matches = 0;
  for (const c of adjudicated) {
    for (const verdict of c.byReviewer.values()) {
      reviewsCompared++;
      if (verdict === c.finalVerdict) matches++;
    }
  }

  return {
    claims: reviewed.length,
    reviewers: reviewers.size,
    percent: percentAgreement(units),
    alpha: {
      nominal: krippendorffAlpha(units, 'nominal'),
      ordinal: krippendorffAlpha(units.map(ranked), 'ordinal'),
    },
    pairwise,
    disagreements,
    againstFinal: {
      claims: adjudicated.length,
      percent: reviewsCompared === 0 ? null : matches / reviewsCompared,
      alpha: {
        nominal: krippendorffAlpha(withFinal, 'nominal'),
        ordinal: krippendorffAlpha(withFinal.map(ranked), 'ordinal'),
      },
    },
  };
}
