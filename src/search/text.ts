/**
 * Text normalisation shared by full-text search and claim matching: folding, tokens, light stemming,
 * and the numbers a claim states. Pure functions; no storage.
 */

/**
 * Function words that say nothing about what a claim is about. Negations (not, no, never, ...) and
 * comparison words (more, less, up, down, over, under) are deliberately absent: they flip or change
 * a claim's meaning.
 */
const STOP_WORDS = new Set([
  'a', 'about', 'after', 'again', 'all', 'also', 'am', 'an', 'and', 'any', 'are', 'as', 'at', 'be',
  'because', 'been', 'before', 'being', 'between', 'both', 'but', 'by', 'can', 'could', 'did', 'do',
  'does', 'doing', 'during', 'each', 'for', 'from', 'further', 'had', 'has', 'have', 'having', 'he',
  'her', 'here', 'hers', 'herself', 'him', 'himself', 'his', 'how', 'i', 'if', 'in', 'into', 'is',
  'it', 'its', 'itself', 'just', 'let', 'me', 'my', 'myself', 'of', 'off', 'on', 'once', 'only', 'or',
  'other', 'our', 'ours', 'ourselves', 'own', 'said', 'same', 'says', 'she', 'should', 'so', 'some',
  'such', 'than', 'that', 'the', 'their', 'theirs', 'them', 'themselves', 'then', 'there', 'these',
  'they', 'this', 'those', 'through', 'to', 'too', 'very', 'was', 'we', 'were', 'what', 'when',
  'where', 'which', 'while', 'who', 'whom', 'why', 'will', 'with', 'would', 'you', 'your', 'yours',
  'yourself', 'yourselves', 'according', 'now', 'per', 'cent', 'percent',
]);

/** Words that negate a statement; an odd number of them flips it. */
export const NEGATIONS = new Set(['not', 'no', 'never', 'none', 'nobody', 'nothing', 'neither', 'nor', 'without', 'cannot']);

const MULTIPLIERS: Record<string, number> = {
  thousand: 1e3, k: 1e3, million: 1e6, m: 1e6, mn: 1e6, billion: 1e9, bn: 1e9, trillion: 1e12, tn: 1e12,
};

/**
 * A number as stated: "1,200", "4.5", "4%", "4 per cent", "£3bn", "2.1 million". Multiplier words
 * must follow after a space; the short forms (k, m, bn) must be attached ("5m", "3bn") so that
 * "5 m" (metres) is not read as five million.
 */
const NUMBER = /(?<![\p{L}\p{N}.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:\s*(%|per\s?cent\b|percent\b)|\s+(thousand|million|billion|trillion)\b|(k|m|mn|bn|tn)\b)?/giu;

/** Lower case, accents removed, curly quotes and dashes folded to their ASCII forms. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019\u201a\u201b\u2032\u00b4`]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g, '"')
    .replace(/[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g, '-')
    .replace(/\u00a0/g, ' ')
    .toLowerCase();
}

/** Plural and third-person -s endings only: "taxes" -> "tax", "policies" -> "policy", "rates" -> "rate". */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (/(?:ches|shes|xes|zzes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/** Canonical form of one number match, e.g. "4%" , "3000000000", "4.5". */
function canonicalNumber(int: string, frac: string | undefined, percent: string | undefined, mult: string | undefined): string {
  let value = Number(`${int.replace(/,/g, '')}${frac ? `.${frac}` : ''}`);
  if (mult) value *= MULTIPLIERS[mult.toLowerCase()] ?? 1;
  // toPrecision drops float noise from the multiplication (4.1 * 1e6).
  return `${Number(value.toPrecision(12))}${percent ? '%' : ''}`;
}

/** The numbers a (folded) text states, in order. */
export function numbersIn(folded: string): string[] {
  const out: string[] = [];
  for (const m of folded.matchAll(NUMBER)) out.push(canonicalNumber(m[1]!, m[2], m[3], m[4] ?? m[5]));
  return out;
}

/** A claim reduced to what matching compares. All arrays are sorted and free of duplicates. */
export interface ClaimFeatures {
  /** Content words, stemmed. */
  words: string[];
  bigrams: string[];
  numbers: string[];
  /** True when the claim has an odd number of negations. */
  negated: boolean;
}

function sortedUnique(values: Iterable<string>): string[] {
  return Array.from(new Set(values)).sort();
}

export function claimFeatures(text: string): ClaimFeatures {
  const folded = fold(text);
  const numbers = numbersIn(folded);
  const rest = folded
    .replace(NUMBER, ' ')
    .replace(/'s\b/g, '')
    .replace(/\bcan't\b/g, 'can not')
    .replace(/\bwon't\b/g, 'will not')
    .replace(/n't\b/g, ' not')
    .replace(/[^\p{L}\p{N}]+/gu, ' ');
  // Content words in text order (with repeats): bigrams are built from it.
  const sequence: string[] = [];
  let negations = 0;
  for (const raw of rest.split(' ')) {
    if (!raw) continue;
    if (NEGATIONS.has(raw)) negations++;
    if (raw.length < 2 || STOP_WORDS.has(raw)) continue;
    sequence.push(stem(raw));
  }
  const bigrams: string[] = [];
  for (let i = 1; i < sequence.length; i++) bigrams.push(`${sequence[i - 1]} ${sequence[i]}`);
  return {
    words: sortedUnique(sequence),
    bigrams: sortedUnique(bigrams),
    numbers: sortedUnique(numbers),
    negated: negations % 2 === 1,
  };
}

/** |A ∩ B| for sorted, duplicate-free arrays, by merging. */
export function intersectionSize(a: readonly string[], b: readonly string[]): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      n++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return n;
}

export function jaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  const inter = intersectionSize(a, b);
  return inter / (a.length + b.length - inter);
}

/**
 * Tokens for the full-text index and for queries: folded, split on anything that is not a letter or
 * digit (keeping "4.5" and "1,000" whole), stop words dropped, plurals stemmed.
 */
export function searchTokens(text: string): string[] {
  const out: string[] = [];
  for (const m of fold(text).matchAll(/[\p{L}\p{N}]+(?:[.,]\p{N}+)*/gu)) {
    const raw = /^\d/.test(m[0]) ? m[0].replace(/,/g, '') : m[0];
    if (STOP_WORDS.has(raw) || (raw.length < 2 && !/^\d/.test(raw))) continue;
    out.push(/^\p{N}/u.test(raw) ? raw : stem(raw));
  }
  return out;
}
