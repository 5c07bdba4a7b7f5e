import type { ClaimRecord } from '../storage/records.js';
import { claimFeatures, intersectionSize, jaccard, type ClaimFeatures } from './text.js';

/**
 * Similarity (0..1) of two claims A and B:
 *   base   = 0.7 * Jaccard(content words) + 0.3 * Jaccard(word bigrams)
 *   numbers: both state numbers and all agree -> +0.1 bonus; none agree -> x0.3; some agree ->
 *            x(0.4 + 0.6 * Jaccard(numbers)); only one states numbers -> x0.85
 *   negation: one negated and the other not -> x0.5
 *   similarity = min(1, base * factors + bonus)
 * "Unemployment fell to 4%" and "... to 7%" share every word but no number, so they land far below
 * the threshold; a reworded repeat with the same figures lands above it.
 */
export const MATCH_THRESHOLD = 0.6;

const WORD_WEIGHT = 0.7;
const BIGRAM_WEIGHT = 0.3;
const NUMBER_BONUS = 0.1;
/**
 * The least word Jaccard a pair can have and still reach the threshold: similarity is at most
 * 0.7 J + 0.3 + 0.1. Candidate generation relies on this bound.
 */
const MIN_WORD_JACCARD = Math.max(0, (MATCH_THRESHOLD - BIGRAM_WEIGHT - NUMBER_BONUS) / WORD_WEIGHT);

/**
 * What numbers and negation do to a pair's score (a factor on the base and a bonus added after),
 * from how many numbers each states and how many they share.
 */
function adjustFor(aNumbers: number, bNumbers: number, sharedNumbers: number, negationDiffers: boolean): { factor: number; bonus: number } {
  let factor = 1;
  let bonus = 0;
  if (aNumbers > 0 && bNumbers > 0) {
    const agree = sharedNumbers / (aNumbers + bNumbers - sharedNumbers);
    if (agree === 1) bonus = NUMBER_BONUS;
    else if (agree === 0) factor = 0.3;
    else factor = 0.4 + 0.6 * agree;
  } else if (aNumbers > 0 || bNumbers > 0) {
    factor = 0.85;
  }
  if (negationDiffers) factor *= 0.5;
  return { factor, bonus };
}

function combine(words: number, bigrams: number, adj: { factor: number; bonus: number }): number {
  return Math.round(Math.min(1, (WORD_WEIGHT * words + BIGRAM_WEIGHT * bigrams) * adj.factor + adj.bonus) * 1000) / 1000;
}

/** How similar two claims are, by the formula above. */
export function similarity(a: ClaimFeatures, b: ClaimFeatures): number {
  if (a.words.length === 0 || b.words.length === 0) return 0;
  const words = jaccard(a.words, b.words);
  // A one-word claim has no bigrams: let the words decide alone.
  const bigrams = a.bigrams.length === 0 && b.bigrams.length === 0 ? words : jaccard(a.bigrams, b.bigrams);
  const shared = intersectionSize(a.numbers, b.numbers);
  return combine(words, bigrams, adjustFor(a.numbers.length, b.numbers.length, shared, a.negated !== b.negated));
}

/** Only claims with a final verdict are worth suggesting. */
export function isCheckable(c: ClaimRecord): boolean {
  return c.status === 'checked' && c.verdict !== null;
}

interface Entry extends ClaimFeatures {
  id: string;
  version: number;
  updatedAt: string;
  articleId: string;
  /** Refresh generation in which the claim was last seen; older means it was deleted. */
  seen: number;
}

export interface Candidate {
  id: string;
  similarity: number;
}

/**
 * An inverted index over the checked claims, kept in memory: content word -> claims and stated
 * number -> claims.
 *
 * Entries live in numbered slots, so postings are integer arrays and everything a pair needs short
 * of its bigrams (shared words, shared numbers, sizes, article, negation) is counted and read from
 * typed arrays. Only the few pairs that can still reach the threshold touch the entry objects: with
 * 100k claims that is what keeps a lookup to a few milliseconds. A changed or removed claim only
 * empties its slot; postings are compacted once empty slots outnumber live ones, so no single update
 * pays for scanning postings.
 */
export class CheckedClaimIndex {
  private slots: Array<Entry | undefined> = [];
  private readonly slotOf = new Map<string, number>();
  private postings = new Map<string, number[]>();
  private numberPostings = new Map<string, number[]>();
  private readonly articleNo = new Map<string, number>();
  private dead = 0;
  private generation = 0;
  // Per slot: number of words, number of numbers, article number, negated (1/0).
  private wordCount = new Uint16Array(0);
  private numberCount = new Uint16Array(0);
  private articleOf = new Int32Array(0);
  private negated = new Uint8Array(0);
  // Scratch counters for one lookup, all zero between lookups.
  private sharedWords = new Uint16Array(0);
  private sharedNumbers = new Uint16Array(0);

  get size(): number {
    return this.slotOf.size;
  }

  /**
   * Brings the index in line with `claims` (every claim in the store): a claim is (re)indexed when
   * its version (or updatedAt, which tells apart equal versions after a database restore) differs
   * from the indexed one, and dropped when it is no longer checked or gone.
   */
  refresh(claims: Iterable<ClaimRecord>): void {
    const gen = ++this.generation;
    for (const c of claims) {
      const slot = this.slotOf.get(c.id);
      const have = slot === undefined ? undefined : this.slots[slot];
      if (!isCheckable(c)) {
        if (slot !== undefined) this.drop(c.id, slot);
        continue;
      }
      if (have && have.version === c.version && have.updatedAt === c.updatedAt) {
        have.seen = gen;
        continue;
      }
      if (slot !== undefined) this.drop(c.id, slot);
      this.add({ ...claimFeatures(c.text), id: c.id, version: c.version, updatedAt: c.updatedAt, articleId: c.articleId, seen: gen });
    }
    for (const [id, slot] of this.slotOf) if (this.slots[slot]?.seen !== gen) this.drop(id, slot);
    if (this.dead > 1024 && this.dead > this.slotOf.size) this.compact();
  }

  /**
   * The most similar indexed claims from other articles, at or above the threshold, best first.
   * Shared words and numbers are counted through the claim's postings (work proportional to those
   * postings, not to the index); a pair gets the full comparison only when its exact word and
   * number scores would reach the threshold even with identical bigrams.
   */
  candidates(claim: Pick<ClaimRecord, 'id' | 'articleId' | 'text'>, limit: number): Candidate[] {
    const f = claimFeatures(claim.text);
    const n = f.words.length;
    if (n === 0 || this.slotOf.size === 0) return [];
    const { sharedWords, sharedNumbers, wordCount, numberCount, articleOf, negated } = this;
    const touched: number[] = [];
    for (const w of f.words) {
      for (const slot of this.postings.get(w) ?? []) {
        const c = sharedWords[slot] ?? 0;
        if (c === 0) touched.push(slot);
        sharedWords[slot] = c + 1;
      }
    }
    for (const num of f.numbers) for (const slot of this.numberPostings.get(num) ?? []) sharedNumbers[slot] = (sharedNumbers[slot] ?? 0) + 1;

    const minShared = Math.max(1, Math.ceil(MIN_WORD_JACCARD * n - 1e-9));
    const ownArticle = this.articleNo.get(claim.articleId) ?? -1;
    const ownNegated = f.negated ? 1 : 0;
    const nNumbers = f.numbers.length;
    const hits: Candidate[] = [];
    for (const slot of touched) {
      const shared = sharedWords[slot] ?? 0;
      const numbers = sharedNumbers[slot] ?? 0;
      sharedWords[slot] = 0;
      sharedNumbers[slot] = 0;
      if (shared < minShared || articleOf[slot] === ownArticle) continue;
      const words = shared / (n + (wordCount[slot] ?? 0) - shared);
      if (words < MIN_WORD_JACCARD) continue;
      const m = numberCount[slot] ?? 0;
      const adj = adjustFor(nNumbers, m, numbers, ownNegated !== negated[slot]);
      if (combine(words, 1, adj) < MATCH_THRESHOLD) continue; // even identical bigrams would not do
      const e = this.slots[slot];
      if (!e || e.id === claim.id) continue;
      const s = similarity(f, e);
      if (s >= MATCH_THRESHOLD) hits.push({ id: e.id, similarity: s });
    }
    // Numbers of claims that shared no word were counted too: clear them for the next lookup.
    for (const num of f.numbers) for (const slot of this.numberPostings.get(num) ?? []) sharedNumbers[slot] = 0;
    return hits.sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : 1)).slice(0, limit);
  }

  private add(e: Entry): void {
    const slot = this.slots.length;
    this.ensureCapacity(slot + 1);
    this.slots.push(e);
    this.slotOf.set(e.id, slot);
    let article = this.articleNo.get(e.articleId);
    if (article === undefined) this.articleNo.set(e.articleId, (article = this.articleNo.size));
    this.articleOf[slot] = article;
    this.wordCount[slot] = e.words.length;
    this.numberCount[slot] = e.numbers.length;
    this.negated[slot] = e.negated ? 1 : 0;
    for (const w of e.words) push(this.postings, w, slot);
    for (const num of e.numbers) push(this.numberPostings, num, slot);
  }

  private ensureCapacity(size: number): void {
    if (size <= this.wordCount.length) return;
    const cap = Math.max(1024, size * 2);
    const grow = <A extends Uint16Array | Int32Array | Uint8Array>(old: A, make: (n: number) => A): A => {
      const next = make(cap);
      next.set(old);
      return next;
    };
    this.wordCount = grow(this.wordCount, (k) => new Uint16Array(k));
    this.numberCount = grow(this.numberCount, (k) => new Uint16Array(k));
    this.articleOf = grow(this.articleOf, (k) => new Int32Array(k));
    this.negated = grow(this.negated, (k) => new Uint8Array(k));
    this.sharedWords = new Uint16Array(cap);
    this.sharedNumbers = new Uint16Array(cap);
  }

  /** Empties a slot; its postings stay until the next compaction and are skipped meanwhile. */
  private drop(id: string, slot: number): void {
    this.slots[slot] = undefined;
    this.slotOf.delete(id);
    // An article no claim can have: the slot never passes the checks again.
    this.articleOf[slot] = -2;
    this.wordCount[slot] = 0;
    this.dead++;
  }

  /** Renumbers the live entries and rebuilds the postings without the empty slots. */
  private compact(): void {
    const live = this.slots.filter((e): e is Entry => e !== undefined);
    this.slots = [];
    this.slotOf.clear();
    this.postings = new Map();
    this.numberPostings = new Map();
    this.dead = 0;
    for (const e of live) this.add(e);
  }
}

function push(map: Map<string, number[]>, key: string, slot: number): void {
  const list = map.get(key);
  if (list) list.push(slot);
  else map.set(key, [slot]);
}
