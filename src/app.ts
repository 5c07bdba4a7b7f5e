import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import multer from 'multer';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { csrfSync } from 'csrf-sync';
import * as articles from './articles/routes.js';
import * as claims from './claims/routes.js';
import type { Config } from './config.js';
import * as exportsRoutes from './exports/routes.js';
import * as reviews from './reviews/routes.js';
import { createServices, type Services } from './services.js';
import * as sources from './sources/routes.js';
import * as search from './search/routes.js';
import type { Store } from './storage/index.js';
import * as users from './users/routes.js';
import { toActor } from './users/service.js';
import { errorHandler, notFound } from './web/errors.js';
import * as home from './web/routes.js';
import { DbSessionStore } from './web/session-store.js';
import { viewHelpers } from './web/view-helpers.js';
import type { WebContext } from './web/context.js';
import { CONTROL_ACTOR, type ControlChannel } from './web/control.js';

export interface AppDeps {
  store: Store;
  config: Config;
  sessionSecret: string;
  logger?: Logger;
  /** The server's local control channel, whose secret acts as an admin token for the CLI. */
  control?: ControlChannel;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Files one import form may carry (bulk import from the browser). */
const MAX_FILES_PER_IMPORT = 50;

/** Builds the Express app from its dependencies; opening storage and listening is server.ts's job. */
export function createApp(deps: AppDeps): { app: Express; services: Services } {
  const { store, config } = deps;
  const services = createServices(store, config);
  const ctx: WebContext = { config, store, services };
  const app = express();

  app.set('views', `${ROOT}views`);
  app.set('view engine', 'ejs');
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  Object.assign(app.locals, viewHelpers(store));

  if (deps.logger) app.use(pinoHttp({ logger: deps.logger, autoLogging: { ignore: (req) => req.url === '/health' } }));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          ...(config.secureCookies ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: config.secureCookies,
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use('/static', express.static(`${ROOT}public`, { maxAge: config.env === 'production' ? '1d' : 0 }));
  app.get('/health', (_req, res) => {
    const s = store.stats();
    res.json({ status: 'ok', seq: s.seq, claims: s.records.claims });
  });

  // JSON API: bearer tokens only, never cookies, so it needs no CSRF token.
  const api = express.Router();
  const json = express.json({ limit: config.maxJsonBytes });
  // A restore carries a whole database; every other body stays small.
  const restoreJson = express.json({ limit: config.maxRestoreBytes });
  api.use((req, res, next) => (req.path === '/restore' ? restoreJson : json)(req, res, next));
  api.use((req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (m && deps.control?.matches(m[1]!)) {
      req.actor = CONTROL_ACTOR;
      return next();
    }
    const user = m ? services.users.userForToken(m[1]!) : null;
    if (user) req.actor = toActor(user);
    next();
  });
  api.use(articles.api(ctx));
  api.use(claims.api(ctx));
  api.use(reviews.api(ctx));
  api.use(sources.api(ctx));
  api.use(exportsRoutes.api(ctx));
  api.use(users.api(ctx));
  api.use(search.api(ctx));
  app.use('/api/v1', api);
  app.use('/api', notFound);

  // Pages: cookie sessions, CSRF on every state-changing request.
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: config.maxUploadBytes, files: MAX_FILES_PER_IMPORT, fields: 200 } });
  const restoreUpload = multer({ storage: multer.memoryStorage(), limits: { fileSize: config.maxRestoreBytes, files: 1, fields: 5 } });
  app.use(express.urlencoded({ extended: false, limit: config.maxUploadBytes }));
  app.use((req, res, next) => {
    if (!req.is('multipart/form-data')) return next();
    if (req.path === '/admin/restore') return restoreUpload.single('file')(req, res, next);
    upload.array('file', MAX_FILES_PER_IMPORT)(req, res, next);
  });
  app.use(
    session({
      name: 'claimbench.sid',
      secret: deps.sessionSecret,
      store: new DbSessionStore(store),
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: config.secureCookies, maxAge: 7 * 24 * 60 * 60 * 1000 },
    }),
  );
  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromRequest: (req) => {
      const fromBody: unknown = req.body?._csrf;
      return typeof fromBody === 'string' ? fromBody : req.get('x-csrf-token');
    },
  });
  app.use(csrfSynchronisedProtection);
  app.use((req, res, next) => {
    const user = req.session.userId ? services.users.get(req.session.userId) : undefined;
    if (user && user.active) req.actor = toActor(user);
    else if (req.session.userId) delete req.session.userId;
    res.locals.actor = req.actor ?? null;
    // A function, so pages without forms (public reports) never start a session.
    res.locals.csrf = () => generateToken(req);
    res.locals.flash = req.session.flash ?? [];
    if (req.session.flash) delete req.session.flash;
    res.locals.path = req.path;
    res.locals.title = '';
    next();
  });
  app.use(home.pages(ctx));
  app.use(articles.pages(ctx));
  app.use(claims.pages(ctx));
  app.use(reviews.pages(ctx));
  app.use(sources.pages(ctx));
  app.use(exportsRoutes.pages(ctx));
  app.use(users.pages(ctx));
  app.use(search.pages(ctx));

  app.use(notFound);
  app.use(errorHandler({ showStack: config.env === 'development' }));
  return { app, services };
}
