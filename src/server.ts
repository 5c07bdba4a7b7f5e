#!/usr/bin/env node
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createApp } from './app.js';
import { loadConfig, type Config } from './config.js';
import { DbFileError, JsonStore, LockedError } from './storage/index.js';
import { isErrno } from './storage/file.js';
import { ControlChannel } from './web/control.js';
import { createLogger } from './web/logger.js';

/** The session secret: from the environment, or generated once and kept beside the database (never in the repo). */
function sessionSecret(config: Config): string {
  if (config.sessionSecret) return config.sessionSecret;
  const file = `${config.dbFile}.secret`;
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    if (!isErrno(err, 'ENOENT')) throw err;
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  }
}

/**
 * The whole database lives in the heap. V8's default heap growth lets garbage pile up to several
 * times the live data before collecting it; favouring size from here on (after the fast load) keeps
 * the peak near two and a half times the file. One full collection drops the loading garbage and sets
 * the next heap limit with the new factor.
 */
function favourHeapSize(): void {
  setFlagsFromString('--optimize-for-size');
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

async function main(): Promise<void> {
  // Loading creates hundreds of thousands of records at once; a larger young generation spares
  // most of the scavenges that would copy them.
  setFlagsFromString('--max-semi-space-size=64');
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  let store: JsonStore;
  try {
    store = await JsonStore.open({ file: config.dbFile, purpose: 'claimbench server', backups: config.backups, checkpointBytes: config.checkpointBytes, backupInBackground: true });
  } catch (err) {
    if (err instanceof DbFileError || err instanceof LockedError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const control = new ControlChannel(config.dbFile);
  // With logging off, skip the per-request logger entirely rather than build records nobody writes.
  const requestLogger = config.logLevel === 'silent' ? undefined : logger;
  const { app } = createApp({ store, config, sessionSecret: sessionSecret(config), logger: requestLogger, control });
  const server = app.listen(config.port, config.host, () => {
    const { port } = server.address() as AddressInfo;
    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
    store.updateLock({ url });
    control.publish(url);
    logger.info({ url, db: config.dbFile }, 'claimbench listening');
    if (config.logLevel === 'silent') process.stdout.write(`claimbench listening on ${url}\n`);
    setImmediate(favourHeapSize);
  });

  // Graceful shutdown: stop accepting, let in-flight requests (and their writes) finish, then flush the store.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.warn('connections still open after 10 s; closing them');
      server.closeAllConnections();
    }, 10_000);
    force.unref();
    control.remove();
    server.close(() => {
      store
        .close()
        .then(() => process.exit(0))
        .catch((err: unknown) => {
          logger.error({ err }, 'failed to close the database cleanly');
          process.exit(1);
        });
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`claimbench failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
