import { z } from 'zod';

/**
 * The one place that reads the environment. Layered: defaults, then environment variables; validated
 * once and frozen. Every setting is documented in the README's configuration table.
 */
const schema = z.object({
  env: z.enum(['development', 'production', 'test']),
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
  dbFile: z.string().min(1),
  /** Session signing secret; when unset one is generated and kept beside the database (`<db>.secret`). */
  sessionSecret: z.string().min(16).nullable(),
  /** Mark cookies Secure (set when served over HTTPS, directly or behind a proxy). */
  secureCookies: z.boolean(),
  /** Express "trust proxy" setting, for rate limits and Secure cookies behind a reverse proxy. */
  trustProxy: z.boolean(),
  /** Let URL import fetch private and loopback addresses (off: protects the internal network). */
  allowPrivateUrls: z.boolean(),
  maxArticleBytes: z.coerce.number().int().positive(),
  maxUploadBytes: z.coerce.number().int().positive(),
  maxJsonBytes: z.coerce.number().int().positive(),
  /** Largest backup accepted by a restore (upload or API). */
  maxRestoreBytes: z.coerce.number().int().positive(),
  fetchTimeoutMs: z.coerce.number().int().positive(),
  backups: z.coerce.number().int().min(0).max(1000),
  checkpointBytes: z.coerce.number().int().positive(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  /** scrypt cost parameter N (a power of two); lower only in tests. */
  scryptCost: z.coerce.number().int().min(1024),
  loginMaxAttempts: z.coerce.number().int().positive(),
  loginWindowMinutes: z.coerce.number().int().positive(),
  /** Public base URL used in reports and ClaimReview urls. */
  publicUrl: z.string().url().nullable(),
});

export type Config = Readonly<z.infer<typeof schema>>;

const bool = (v: string | undefined, fallback: boolean): boolean =>
  v === undefined || v === '' ? fallback : ['1', 'true', 'yes', 'on'].includes(v.toLowerCase());

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const nodeEnv = env.NODE_ENV === 'production' || env.NODE_ENV === 'test' ? env.NODE_ENV : 'development';
  const raw = {
    env: nodeEnv,
    port: env.PORT ?? 3000,
    host: env.HOST ?? '127.0.0.1',
    dbFile: env.CLAIMBENCH_DB ?? './db.json',
    sessionSecret: env.CLAIMBENCH_SESSION_SECRET ?? null,
    secureCookies: bool(env.CLAIMBENCH_SECURE_COOKIES, false),
    trustProxy: bool(env.CLAIMBENCH_TRUST_PROXY, false),
    allowPrivateUrls: bool(env.CLAIMBENCH_ALLOW_PRIVATE_URLS, false),
    maxArticleBytes: env.CLAIMBENCH_MAX_ARTICLE_BYTES ?? 2 * 1024 * 1024,
    maxUploadBytes: env.CLAIMBENCH_MAX_UPLOAD_BYTES ?? 5 * 1024 * 1024,
    maxJsonBytes: env.CLAIMBENCH_MAX_JSON_BYTES ?? 3 * 1024 * 1024,
    maxRestoreBytes: env.CLAIMBENCH_MAX_RESTORE_BYTES ?? 1024 * 1024 * 1024,
    fetchTimeoutMs: env.CLAIMBENCH_FETCH_TIMEOUT_MS ?? 10_000,
    backups: env.CLAIMBENCH_BACKUPS ?? 5,
    checkpointBytes: env.CLAIMBENCH_CHECKPOINT_BYTES ?? 64 * 1024 * 1024,
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    scryptCost: env.CLAIMBENCH_SCRYPT_COST ?? 32768,
    loginMaxAttempts: env.CLAIMBENCH_LOGIN_MAX_ATTEMPTS ?? 10,
    loginWindowMinutes: env.CLAIMBENCH_LOGIN_WINDOW_MINUTES ?? 15,
    publicUrl: env.CLAIMBENCH_PUBLIC_URL ?? null,
    ...overrides,
  };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  return Object.freeze(parsed.data);
}
