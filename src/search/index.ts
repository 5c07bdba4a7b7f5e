import type { Store } from '../storage/index.js';
import { MatchingService } from './matching.js';
import { SearchService } from './service.js';

export { MatchingService, MATCH_THRESHOLD, MAX_MATCHES_PER_CLAIM, similarity, verdictEntry, type MatchView } from './matching.js';
export { CheckedClaimIndex, type Candidate } from './claim-index.js';
export { claimFeatures, type ClaimFeatures } from './text.js';
export {
  SearchService,
  searchQuerySchema,
  toQueryRecord,
  SEARCH_KINDS,
  type SearchKind,
  type SearchQuery,
  type SearchResults,
  type ClaimHit,
  type ArticleHit,
  type SourceHit,
  type ArticleRef,
  type ArticleSummary,
} from './service.js';

/** Both services over one store. Each keeps its own in-memory index, built on first use. */
export function createSearch(store: Store): { matching: MatchingService; search: SearchService } {
  return { matching: new MatchingService(store), search: new SearchService(store) };
}
