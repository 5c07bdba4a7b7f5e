import { ArticlesService } from './articles/service.js';
import { ClaimsService } from './claims/service.js';
import type { Config } from './config.js';
import { ExportsService } from './exports/service.js';
import { BackupService } from './exports/backup.js';
import { HistoryService } from './history/service.js';
import { ReviewsService } from './reviews/service.js';
import { createSearch } from './search/index.js';
import type { MatchingService } from './search/matching.js';
import type { SearchService } from './search/service.js';
import { SourcesService } from './sources/service.js';
import { SettingsService } from './settings/service.js';
import type { Store } from './storage/index.js';
import { UsersService } from './users/service.js';

/** Every domain service, built from the store and config; routes, the CLI and tests use the same set. */
export interface Services {
  users: UsersService;
  articles: ArticlesService;
  claims: ClaimsService;
  reviews: ReviewsService;
  sources: SourcesService;
  exports: ExportsService;
  backup: BackupService;
  settings: SettingsService;
  history: HistoryService;
  matching: MatchingService;
  search: SearchService;
}

export function createServices(store: Store, config: Config): Services {
  const { matching, search } = createSearch(store);
  const articles = new ArticlesService(store, config);
  // A new article's claims are linked to earlier fact-checks of the same claim.
  articles.onImport((article, claims, actor) => matching.linkNewClaims(article.id, claims.map((c) => c.id), actor).then(() => undefined));
  return {
    users: new UsersService(store, config.scryptCost),
    articles,
    claims: new ClaimsService(store),
    reviews: new ReviewsService(store),
    sources: new SourcesService(store),
    exports: new ExportsService(store, config),
    backup: new BackupService(store),
    settings: new SettingsService(store),
    history: new HistoryService(store),
    matching,
    search,
  };
}
