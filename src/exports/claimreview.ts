/**
 * schema.org ClaimReview JSON-LD for the claims of a report, and a checker for the fields Google's
 * Fact Check tools require or recommend (see DOMAIN.md). Embedding the JSON in a page (and
 * escaping `</script>` there) is the template's job.
 */
import { Lexer } from 'marked';
import type { Token } from 'marked';
import type { ReportClaim, ReportData } from './report-types.js';

export interface JsonLdOrganization {
  '@type': 'Organization';
  name: string;
  url?: string;
}

export interface JsonLdPerson {
  '@type': 'Person';
  name: string;
}

export interface JsonLdCreativeWork {
  '@type': 'CreativeWork';
  url?: string;
  headline?: string;
  publisher?: JsonLdOrganization;
  datePublished?: string;
}

export interface JsonLdClaim {
  '@type': 'Claim';
  /** The claim's full wording; claimReviewed may be a shortened form of it. */
  text: string;
  author?: JsonLdPerson | JsonLdOrganization;
  datePublished?: string;
  appearance?: JsonLdCreativeWork;
}

export interface JsonLdRating {
  '@type': 'Rating';
  alternateName: string;
  ratingValue?: number;
  bestRating?: number;
  worstRating?: number;
  ratingExplanation?: string;
}

export interface ClaimReviewJsonLd {
  '@context': 'https://schema.org';
  '@type': 'ClaimReview';
  url: string;
  claimReviewed: string;
  reviewRating: JsonLdRating;
  author: JsonLdOrganization;
  datePublished?: string;
  dateModified?: string;
  itemReviewed: JsonLdClaim;
}

export interface ClaimReviewIssue {
  field: string;
  level: 'error' | 'warning';
  message: string;
}

/** Google asks for claimReviewed under 75 characters. */
export const CLAIM_REVIEWED_MAX = 74;
export const BEST_RATING = 5;
export const WORST_RATING = 1;
const EXPLANATION_MAX = 300;

/**
 * The ClaimReview for one claim, or null when the claim has no verdict (there is nothing to review).
 *
 * Choices the schema leaves open:
 * - claimReviewed is the claim text cut to fewer than 75 characters at a word boundary, with an
 *   ellipsis; the full wording goes into itemReviewed.text so nothing is lost.
 * - ratingValue maps the scale's 0..1 crosswalk value onto schema.org's default 1..5 integers,
 *   1 + round(value * 4), with bestRating 5 and worstRating 1. Unordered labels (value null, such
 *   as Unverifiable) carry alternateName only: a number would place them on a scale they are not on.
 * - datePublished is the publication date, or the verdict date for a report not yet published;
 *   dates are written as calendar dates (YYYY-MM-DD), as in Google's examples.
 * - The claim's author is the speaker as a Person, or the outlet as an Organization when the claim
 *   has no speaker. The article is given as `appearance`, not `firstAppearance`: we know the claim
 *   appeared there, not that it appeared there first.
 */
export function claimReviewFor(report: ReportData, claim: ReportClaim): ClaimReviewJsonLd | null {
  const verdict = claim.verdict;
  if (verdict === null) return null;

  const reviewRating: JsonLdRating = { '@type': 'Rating', alternateName: verdict.label };
  if (verdict.value !== null) {
    const value = Math.min(1, Math.max(0, verdict.value));
    reviewRating.ratingValue = WORST_RATING + Math.round(value * (BEST_RATING - WORST_RATING));
    reviewRating.bestRating = BEST_RATING;
    reviewRating.worstRating = WORST_RATING;
  }
  const explanation = claim.rationale === null ? '' : explanationFrom(claim.rationale);
  if (explanation !== '') reviewRating.ratingExplanation = explanation;

  const { article } = report;
  const fullText = collapse(claim.text);
  const itemReviewed: JsonLdClaim = { '@type': 'Claim', text: fullText };
  const outlet = article.outlet === null ? null : collapse(article.outlet);
  const speaker = claim.speaker === null ? null : collapse(claim.speaker);
  if (speaker) itemReviewed.author = { '@type': 'Person', name: speaker };
  else if (outlet) itemReviewed.author = { '@type': 'Organization', name: outlet };
  const claimDate = calendarDate(article.publishedAt);
  if (claimDate) itemReviewed.datePublished = claimDate;
  const appearance: JsonLdCreativeWork = { '@type': 'CreativeWork' };
  if (article.url) appearance.url = article.url;
  if (article.title.trim()) appearance.headline = collapse(article.title);
  if (outlet) appearance.publisher = { '@type': 'Organization', name: outlet };
  if (claimDate) appearance.datePublished = claimDate;
  if (appearance.url || appearance.headline) itemReviewed.appearance = appearance;

  const review: ClaimReviewJsonLd = {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: claimUrl(report.reportUrl, claim.id),
    claimReviewed: shortenAtWord(fullText, CLAIM_REVIEWED_MAX),
    reviewRating,
    author: { '@type': 'Organization', name: report.organization.name, url: report.organization.url },
    itemReviewed,
  };
  const published = calendarDate(report.publication?.datePublished ?? claim.verdictAt);
  if (published) review.datePublished = published;
  const modified = calendarDate(report.publication?.dateModified ?? null);
  if (modified) review.dateModified = modified;
  return review;
}

/** ClaimReviews for every claim of the report that has a verdict, in report order. */
export function claimReviewsFor(report: ReportData): ClaimReviewJsonLd[] {
  const out: ClaimReviewJsonLd[] = [];
  for (const claim of report.claims) {
    const review = claimReviewFor(report, claim);
    if (review) out.push(review);
  }
  return out;
}

/** The report URL with the claim's anchor; an anchor already on the report URL is replaced. */
export function claimUrl(reportUrl: string, claimId: string): string {
  const hash = reportUrl.indexOf('#');
  const base = hash === -1 ? reportUrl : reportUrl.slice(0, hash);
  return `${base}#claim-${encodeURIComponent(claimId)}`;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Text cut to at most `max` characters at a word boundary, ending in an ellipsis when cut. */
export function shortenAtWord(text: string, max: number): string {
  const clean = collapse(text);
  if (clean.length <= max) return clean;
  // Looking one character past the room left for the ellipsis finds a word that ends exactly there.
  const space = clean.slice(0, max).lastIndexOf(' ');
  // A single very long word (a URL, say) is cut mid-word rather than leaving almost nothing.
  const cut = space >= max / 2 ? clean.slice(0, space) : clean.slice(0, max - 1);
  return `${cut.replace(/[\s,;:.\-–—]+$/, '')}…`;
}

function calendarDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const match = /^\d{4}-\d{2}-\d{2}/.exec(value.trim());
  return match ? match[0] : null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function inlineText(tokens: readonly Token[]): string {
  let out = '';
  for (const token of tokens) {
    // Raw HTML is markup, not words; the sanitizer would strip most of it anyway.
    if (token.type === 'html' || token.type === 'tag') continue;
    if (token.type === 'br') out += ' ';
    else if ('tokens' in token && Array.isArray(token.tokens)) out += inlineText(token.tokens);
    else if ('text' in token && typeof token.text === 'string') out += token.text;
  }
  return out;
}

/**
 * Prose paragraphs of a Markdown text as plain text. Headings, code, tables and HTML blocks are
 * left out: a rating explanation should be the reviewer's sentences, not their document furniture.
 */
function proseBlocks(tokens: readonly Token[]): string[] {
  const blocks: string[] = [];
  for (const token of tokens) {
    if (token.type === 'paragraph' || token.type === 'text') {
      if ('tokens' in token && Array.isArray(token.tokens)) blocks.push(inlineText(token.tokens));
      else if ('text' in token && typeof token.text === 'string') blocks.push(token.text);
    } else if (token.type === 'blockquote' || token.type === 'list_item') {
      if ('tokens' in token && Array.isArray(token.tokens)) blocks.push(...proseBlocks(token.tokens));
    } else if (token.type === 'list') {
      if ('items' in token && Array.isArray(token.items)) blocks.push(...proseBlocks(token.items));
    }
  }
  return blocks.map((b) => collapse(decodeEntities(b))).filter((b) => b !== '');
}

/** Markdown reduced to its prose as plain text, paragraphs separated by a blank line. */
export function markdownToPlainText(markdown: string): string {
  return proseBlocks(Lexer.lex(markdown)).join('\n\n');
}

// Words whose trailing period does not end a sentence.
const ABBREVIATIONS = /(?:^|\s)(?:[A-Za-z]|e\.g|i\.e|etc|vs|cf|approx|Mr|Mrs|Ms|Dr|Prof|St|No|Nos|Fig|U\.S|U\.K|E\.U|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$/;

function sentences(paragraph: string): string[] {
  const out: string[] = [];
  const end = /[.!?]+["'”’)\]]*(?=\s|$)/g;
  let start = 0;
  for (let match = end.exec(paragraph); match; match = end.exec(paragraph)) {
    const stop = match.index + match[0].length;
    if (match[0].startsWith('.') && match[0].length === 1 && ABBREVIATIONS.test(paragraph.slice(start, stop))) continue;
    out.push(paragraph.slice(start, stop).trim());
    start = stop;
  }
  const rest = paragraph.slice(start).trim();
  if (rest) out.push(rest);
  return out.filter((s) => s !== '');
}

/** The first one or two sentences of a rationale, as plain text; two only while they stay short. */
export function explanationFrom(rationale: string): string {
  const all = proseBlocks(Lexer.lex(rationale)).flatMap(sentences);
  const [first, second] = all;
  if (first === undefined) return '';
  if (second !== undefined && first.length + 1 + second.length <= EXPLANATION_MAX) return `${first} ${second}`;
  return shortenAtWord(first, EXPLANATION_MAX);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string' || !URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'http:' || protocol === 'https:';
}

function numberOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Problems Google's Fact Check tools would have with a ClaimReview object: missing required fields
 * are errors, missing recommended fields warnings. Accepts any value (for instance parsed JSON).
 */
export function validateClaimReview(obj: unknown): ClaimReviewIssue[] {
  const issues: ClaimReviewIssue[] = [];
  const error = (field: string, message: string): void => void issues.push({ field, level: 'error', message });
  const warn = (field: string, message: string): void => void issues.push({ field, level: 'warning', message });

  if (!isRecord(obj)) {
    error('', 'ClaimReview must be a JSON object');
    return issues;
  }
  const context = obj['@context'];
  if (typeof context !== 'string' || !/^https?:\/\/schema\.org\/?$/.test(context)) {
    error('@context', 'must be "https://schema.org"');
  }
  if (obj['@type'] !== 'ClaimReview') error('@type', 'must be "ClaimReview"');

  const rating = obj['reviewRating'];
  const label = isRecord(rating) && nonEmptyString(rating['alternateName']) ? rating['alternateName'] : null;

  const claimReviewed = obj['claimReviewed'];
  if (!nonEmptyString(claimReviewed)) {
    error('claimReviewed', 'required: a short summary of the claim');
  } else {
    if (claimReviewed.length >= 75) {
      warn('claimReviewed', `is ${claimReviewed.length} characters; Google asks for fewer than 75`);
    }
    if (label) {
      const name = escapeRegExp(label.trim());
      // A label written as a prefix or suffix ("False: ...", "... (Mostly true)") is a rating in the
      // summary; the same word inside the sentence is usually just the claim's own wording.
      const asPrefix = new RegExp(`^\\s*[\\[(]?${name}[\\])]?\\s*[:\\-–—|]`, 'i');
      const asSuffix = new RegExp(`[:\\-–—|(\\[]\\s*${name}\\s*[\\])]?\\s*[.!]?\\s*$`, 'i');
      if (asPrefix.test(claimReviewed) || asSuffix.test(claimReviewed)) {
        warn('claimReviewed', `contains the rating "${label}"; Google asks for the claim without its rating`);
      }
    }
  }

  if (!isRecord(rating)) {
    error('reviewRating', 'required: a Rating with the verdict');
  } else {
    if (rating['@type'] !== 'Rating') warn('reviewRating.@type', 'should be "Rating"');
    if (!label) error('reviewRating.alternateName', 'required: the verdict in words');
    validateRatingNumbers(rating, error, warn);
    const explanation = rating['ratingExplanation'];
    if (explanation !== undefined && typeof explanation !== 'string') {
      error('reviewRating.ratingExplanation', 'must be text');
    }
  }

  const url = obj['url'];
  if (url === undefined || url === null || url === '') error('url', 'required: the page where the review is published');
  else if (!isHttpUrl(url)) error('url', 'must be an absolute http(s) URL');

  const author = obj['author'];
  if (!isRecord(author)) warn('author', 'recommended: the publishing Organization');
  else {
    if (!nonEmptyString(author['name'])) warn('author.name', 'recommended: the organization name');
    if (author['url'] !== undefined && !isHttpUrl(author['url'])) warn('author.url', 'should be an absolute http(s) URL');
  }

  checkDate(obj['datePublished'], 'datePublished', warn);

  const item = obj['itemReviewed'];
  if (!isRecord(item)) {
    warn('itemReviewed', 'recommended: the Claim that was reviewed');
  } else {
    if (item['@type'] !== 'Claim') warn('itemReviewed.@type', 'should be "Claim"');
    const claimAuthor = item['author'];
    if (!isRecord(claimAuthor) || !nonEmptyString(claimAuthor['name'])) {
      warn('itemReviewed.author', 'recommended: the Person or Organization who made the claim');
    }
    checkDate(item['datePublished'], 'itemReviewed.datePublished', warn);
    const appearance = item['appearance'] ?? item['firstAppearance'];
    if (appearance === undefined || appearance === null) {
      warn('itemReviewed.appearance', 'recommended: where the claim appeared (URL or CreativeWork)');
    } else {
      const appearanceUrl = isRecord(appearance) ? appearance['url'] : appearance;
      if (appearanceUrl === undefined) warn('itemReviewed.appearance.url', 'recommended: the URL where the claim appeared');
      else if (!isHttpUrl(appearanceUrl)) warn('itemReviewed.appearance.url', 'should be an absolute http(s) URL');
    }
  }
  return issues;
}

type Report = (field: string, message: string) => void;

function validateRatingNumbers(rating: Record<string, unknown>, error: Report, warn: Report): void {
  const value = rating['ratingValue'];
  if (value === undefined) {
    warn('reviewRating.ratingValue', 'recommended (may be left out for unordered labels such as Unverifiable)');
    return;
  }
  const rated = numberOf(value);
  if (rated === null) {
    error('reviewRating.ratingValue', 'must be a number');
    return;
  }
  const best = rating['bestRating'] === undefined ? BEST_RATING : numberOf(rating['bestRating']);
  const worst = rating['worstRating'] === undefined ? WORST_RATING : numberOf(rating['worstRating']);
  if (rating['bestRating'] === undefined) warn('reviewRating.bestRating', `recommended; schema.org assumes ${BEST_RATING}`);
  if (rating['worstRating'] === undefined) warn('reviewRating.worstRating', `recommended; schema.org assumes ${WORST_RATING}`);
  if (best === null) error('reviewRating.bestRating', 'must be a number');
  if (worst === null) error('reviewRating.worstRating', 'must be a number');
  if (best === null || worst === null) return;
  if (worst >= best) {
    error('reviewRating.worstRating', `worstRating ${worst} must be below bestRating ${best}`);
  } else if (rated < worst || rated > best) {
    error('reviewRating.ratingValue', `${rated} is outside worstRating..bestRating (${worst}..${best})`);
  }
}

function checkDate(value: unknown, field: string, warn: Report): void {
  if (value === undefined || value === null || value === '') warn(field, 'recommended: an ISO 8601 date');
  else if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(Date.parse(value))) {
    warn(field, 'should be an ISO 8601 date (YYYY-MM-DD)');
  }
}
