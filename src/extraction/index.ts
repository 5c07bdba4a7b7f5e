/** Public surface of the extraction module: article text in, candidate claims out. */
export { segmentSentences, splitSentences } from './sentences.js';
export type { SegmentOptions, Span } from './sentences.js';
export { extractClaims } from './extract.js';
export type { ExtractedClaim, ExtractionResult, ExtractOptions } from './extract.js';
export { guessFormat } from './formats.js';
export { fetchArticle, isPrivateAddress } from './fetch.js';
export type { FetchedArticle, FetchOptions } from './fetch.js';
export { ExtractionError } from './errors.js';
export type { ExtractionErrorCode } from './errors.js';
export { normalizeText } from './normalize.js';
