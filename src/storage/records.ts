/**
 * The shapes of everything claimbench stores. Records are plain JSON data; the storage engine never
 * mutates a stored record in place (an update replaces the whole record), so a reader always sees a
 * consistent record.
 */

export const ROLES = ['admin', 'editor', 'reviewer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const CLAIM_STATUSES = ['new', 'in_review', 'checked', 'dismissed'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** Full Fact's claim taxonomy (Konstantinovskiy et al.). */
export const CLAIM_TYPES = [
  'quantity',
  'correlation_causation',
  'law_rule',
  'prediction',
  'personal_experience',
  'other',
  'not_a_claim',
] as const;
export type ClaimType = (typeof CLAIM_TYPES)[number];

export const STANCES = ['supports', 'refutes', 'context'] as const;
export type Stance = (typeof STANCES)[number];

export const ARTICLE_FORMATS = ['text', 'markdown', 'html'] as const;
export type ArticleFormat = (typeof ARTICLE_FORMATS)[number];

/** A span of an article's text that is page furniture (copyright line, share prompt, ...), not body. */
export interface ClutterSpan {
  start: number;
  end: number;
  kind: string;
}

export interface Versioned {
  /** Optimistic-concurrency version: starts at 1, +1 on every change. */
  version: number;
}

export interface UserRecord extends Versioned {
  id: string;
  /** Login name, unique, lower case. */
  name: string;
  displayName: string;
  role: Role;
  /** scrypt hash in PHC-like form, null for token-only accounts. */
  passwordHash: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface TokenRecord {
  id: string;
  userId: string;
  label: string;
  /** SHA-256 of the secret; the secret itself is shown once and never stored. */
  hash: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface ArticleRecord extends Versioned {
  id: string;
  title: string;
  outlet: string | null;
  url: string | null;
  publishedAt: string | null;
  format: ArticleFormat;
  /** Normalized plain text; claim offsets point into it. */
  text: string;
  clutter: ClutterSpan[];
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export type ClaimOrigin = 'extracted' | 'manual' | 'merged' | 'split';

export interface ClaimRecord extends Versioned {
  id: string;
  articleId: string;
  /** The claim's wording as reviewers see it (may be edited). */
  text: string;
  /** Exact span in the article text; article.text.slice(start, end) is the original wording. */
  start: number;
  end: number;
  score: number;
  reasons: string[];
  type: ClaimType;
  speaker: string | null;
  status: ClaimStatus;
  origin: ClaimOrigin;
  /** Final verdict (scale key) once checked, with its rationale and who set it. */
  verdict: string | null;
  rationale: string | null;
  verdictBy: string | null;
  verdictAt: string | null;
  createdAt: string;
  updatedAt: string;
  updatedBy: string | null;
}

export interface ReviewRecord extends Versioned {
  id: string;
  claimId: string;
  reviewerId: string;
  verdict: string;
  /** 0..1, or null when not given. */
  confidence: number | null;
  rationale: string;
  createdAt: string;
  updatedAt: string;
}

export type SourceKind = 'primary' | 'secondary';

export interface SourceRecord extends Versioned {
  id: string;
  url: string;
  /** Normalized URL: the key that makes the same page one source. */
  normalizedUrl: string;
  title: string;
  publisher: string | null;
  date: string | null;
  kind: SourceKind | null;
  reliabilityNote: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface EvidenceRecord extends Versioned {
  id: string;
  claimId: string;
  sourceId: string;
  stance: Stance;
  quote: string | null;
  note: string | null;
  addedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export type AssignmentState = 'open' | 'submitted' | 'released';

export interface AssignmentRecord {
  id: string;
  claimId: string;
  userId: string;
  assignedBy: string | null;
  state: AssignmentState;
  createdAt: string;
  updatedAt: string;
}

export interface CommentRecord extends Versioned {
  id: string;
  claimId: string;
  authorId: string;
  body: string;
  /** User ids mentioned with @name. */
  mentions: string[];
  createdAt: string;
  updatedAt: string;
}

export interface HistoryRecord {
  id: string;
  /** Position in the append-only log, 1-based, gap-free. */
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string;
  entity: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
  /** Hash of the previous entry ('' for the first); hash covers this entry and prevHash. */
  prevHash: string;
  hash: string;
}

export interface ScaleEntry {
  key: string;
  label: string;
  /** Position among ordered ratings, 1 = best; null for unordered labels (Unverifiable, Not a claim). */
  rank: number | null;
  /** ClaimReview crosswalk: 0 (false) .. 1 (true); null for unordered labels. */
  value: number | null;
  colour: string;
}

export interface Settings extends Versioned {
  organization: { name: string; url: string };
  scale: ScaleEntry[];
  /** Independent reviews wanted per claim before adjudication. */
  reviewsPerClaim: number;
  /** 'disagreement': adjudicate only when reviews differ; 'always': an editor always decides. */
  adjudication: 'disagreement' | 'always';
  publishing: {
    /** Independent sources needed behind a verdict at either end of the scale. */
    minSourcesForExtremes: number;
    requireRationale: boolean;
  };
}

export interface PublicationRecord {
  id: string;
  articleId: string;
  version: number;
  publishedAt: string;
  publishedBy: string | null;
  correction: string | null;
  /** The report as published; never changes afterwards. */
  snapshot: unknown;
}

export interface MatchRecord {
  id: string;
  claimId: string;
  matchedClaimId: string;
  similarity: number;
  state: 'suggested' | 'confirmed' | 'rejected';
  decidedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SavedSearchRecord {
  id: string;
  userId: string;
  name: string;
  query: Record<string, string>;
  createdAt: string;
}

export interface SessionRecord {
  id: string;
  data: unknown;
  expiresAt: number;
}

/** Every collection in the database, by name. */
export interface Collections {
  users: UserRecord;
  tokens: TokenRecord;
  articles: ArticleRecord;
  claims: ClaimRecord;
  reviews: ReviewRecord;
  sources: SourceRecord;
  evidence: EvidenceRecord;
  assignments: AssignmentRecord;
  comments: CommentRecord;
  history: HistoryRecord;
  publications: PublicationRecord;
  matches: MatchRecord;
  savedSearches: SavedSearchRecord;
  sessions: SessionRecord;
}
export type CollectionName = keyof Collections;
export const COLLECTION_NAMES: readonly CollectionName[] = [
  'users', 'tokens', 'articles', 'claims', 'reviews', 'sources', 'evidence', 'assignments',
  'comments', 'history', 'publications', 'matches', 'savedSearches', 'sessions',
];
