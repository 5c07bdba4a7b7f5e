/** claimbench as a library: the claim extractor, and the app for embedding or testing. */
export { splitSentences, segmentSentences, extractClaims, guessFormat } from './extraction/index.js';
export type { ExtractedClaim, ExtractionResult, ExtractOptions } from './extraction/index.js';
export { createApp, type AppDeps } from './app.js';
export { loadConfig, type Config } from './config.js';
export { JsonStore, type Store } from './storage/index.js';
