#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createApp } from './app.js';
import { loadConfig, type Config } from './config.js';
import { extractClaims, guessFormat } from './extraction/index.js';
import { ARTICLE_FORMATS, type ArticleFormat } from './storage/records.js';
import { checkDatabase, backupDatabase as backupFile, restoreDatabase, DbFileError, JsonStore, LockedError, FileLock } from './storage/index.js';
import { createServices } from './services.js';
import { readControl } from './web/control.js';
import { AppError } from './errors.js';
import { verdictSummary } from './exports/report-types.js';
import { verdictChart } from './charts/index.js';
import { claimReviewsFor } from './exports/claimreview.js';

const USAGE = `claimbench: fact-checking workbench

Usage:
  claimbench extract <file|-> [--format text|markdown|html]
  claimbench user add <name> --role admin|editor|reviewer|viewer [--display-name NAME] [--password-stdin]
  claimbench import <file...> [--format text|markdown|html] [--outlet NAME]
  claimbench export <articleId> --format html|md|json|csv|claimreview [--out FILE]
  claimbench db check | db backup [--out FILE] | db restore <backup-file>
  claimbench serve

Environment: CLAIMBENCH_DB (default ./db.json) and the rest of the README's configuration table.
While a server holds the database, "user add" and "export" go through it; other writes are refused.`;

class UsageError extends Error {}

async function readInput(path: string): Promise<string> {
  if (path !== '-') return readFileSync(path, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

function formatOption(value: string | undefined): ArticleFormat | undefined {
  if (value === undefined) return undefined;
  if (!(ARTICLE_FORMATS as readonly string[]).includes(value)) throw new UsageError(`Unknown format "${value}": use text, markdown or html.`);
  return value as ArticleFormat;
}

async function extract(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string' } } });
  const file = positionals[0];
  if (!file) throw new UsageError('extract needs a file name, or - for standard input.');
  const input = await readInput(file);
  const format = formatOption(values.format) ?? guessFormat(file === '-' ? undefined : file, input);
  const result = extractClaims(input, { format });
  process.stdout.write(`${JSON.stringify({ title: result.title, text: result.text, claims: result.claims }, null, 2)}\n`);
}

/** Runs `fn` with the database opened directly, or returns null when a live server holds it. */
async function withStore<T>(config: Config, purpose: string, fn: (store: JsonStore) => Promise<T>): Promise<{ value: T } | null> {
  let store: JsonStore;
  try {
    store = await JsonStore.open({ file: config.dbFile, purpose, backups: config.backups });
  } catch (err) {
    if (err instanceof LockedError && readControl(config.dbFile)) return null;
    throw err;
  }
  try {
    return { value: await fn(store) };
  } finally {
    await store.close();
  }
}

/** Calls the running server's API with its local control token. */
async function viaServer(config: Config, method: string, path: string, body?: unknown): Promise<Response> {
  const control = readControl(config.dbFile);
  const holder = FileLock.holder(config.dbFile);
  if (!control || (holder && holder.pid !== control.pid)) {
    throw new Error(`The database ${config.dbFile} is in use and its server cannot be reached.`);
  }
  const res = await fetch(`${control.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${control.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) {
    const err = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(err?.error?.message ?? `The server answered ${res.status}.`);
  }
  return res;
}

async function userAdd(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { role: { type: 'string' }, 'display-name': { type: 'string' }, 'password-stdin': { type: 'boolean' } },
  });
  const name = positionals[0];
  if (!name || !values.role) throw new UsageError('user add needs a name and --role.');
  const password = values['password-stdin'] ? (await readInput('-')).replace(/\r?\n$/, '') : undefined;
  const input = { name, role: values.role, displayName: values['display-name'], password };
  const config = loadConfig();
  const direct = await withStore(config, 'claimbench user add', async (store) => {
    const services = createServices(store, config);
    const user = await services.users.create(input, null, { bootstrap: true });
    const { token } = await services.users.createToken(user.id, 'created with the account', null);
    return { id: user.id, name: user.name, role: user.role, token };
  });
  const out = direct ? direct.value : await (await viaServer(config, 'POST', '/users', input)).json();
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

/** Bulk import: each file becomes an article (through the running server when there is one). */
async function importFiles(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string' }, outlet: { type: 'string' } } });
  if (!positionals.length) throw new UsageError('import needs at least one file.');
  const format = formatOption(values.format);
  const config = loadConfig();
  const inputs = positionals.map((file) => ({ file, body: readFileSync(file, 'utf8') }));
  const results: Array<{ file: string; id?: string; claims?: number; error?: string }> = [];
  const progress = (i: number, file: string, note: string) => process.stderr.write(`[${i + 1}/${inputs.length}] ${file}: ${note}\n`);
  const direct = await withStore(config, 'claimbench import', async (store) => {
    const services = createServices(store, config);
    const actor = { id: 'system', name: 'claimbench CLI', role: 'admin' as const };
    for (const [i, { file, body }] of inputs.entries()) {
      try {
        const { article, claims } = await services.articles.import({ body, format, fileName: file, outlet: values.outlet }, actor);
        results.push({ file, id: article.id, claims: claims.length });
        progress(i, file, `${claims.length} claims`);
      } catch (err) {
        results.push({ file, error: err instanceof Error ? err.message : String(err) });
        progress(i, file, 'failed');
      }
    }
    return true;
  });
  if (!direct) {
    for (const [i, { file, body }] of inputs.entries()) {
      try {
        const res = await viaServer(config, 'POST', '/articles', { body, format: format ?? guessFormat(file, body), outlet: values.outlet });
        const article = (await res.json()) as { id: string; claims: unknown[] };
        results.push({ file, id: article.id, claims: article.claims.length });
        progress(i, file, `${article.claims.length} claims`);
      } catch (err) {
        results.push({ file, error: err instanceof Error ? err.message : String(err) });
        progress(i, file, 'failed');
      }
    }
  }
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  if (results.some((r) => r.error)) process.exitCode = 1;
}

async function exportReport(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string' }, out: { type: 'string' } } });
  const id = positionals[0];
  const format = values.format ?? 'json';
  if (!id) throw new UsageError('export needs an article id.');
  if (!['html', 'md', 'json', 'csv', 'claimreview'].includes(format)) throw new UsageError(`Unknown export format "${format}".`);
  const config = loadConfig();
  const direct = await withStore(config, 'claimbench export', async (store) => {
    const { app, services } = createApp({ store, config, sessionSecret: 'cli-export-only-not-a-session-secret' });
    if (format === 'claimreview') return JSON.stringify(services.exports.articleClaimReviews(id), null, 2);
    const report = services.exports.build(id);
    if (format !== 'html') return services.exports.render(report, format as 'md' | 'json' | 'csv').body;
    const summary = verdictSummary(report);
    const chart = verdictChart(summary.rows.map((r) => ({ label: r.entry.label, colour: r.entry.colour, count: r.count })));
    return new Promise<string>((resolve, reject) =>
      app.render(
        'exports/report',
        { title: `Fact-check: ${report.article.title}`, report, summary, chart, jsonld: claimReviewsFor(report), live: false, actor: null, path: '', flash: [], csrf: () => '' },
        (err, html) => (err ? reject(err) : resolve(html)),
      ),
    );
  });
  const text = direct
    ? direct.value
    : await (await viaServer(config, 'GET', format === 'claimreview' ? `/articles/${encodeURIComponent(id)}/claimreview` : `/articles/${encodeURIComponent(id)}/report?format=${format}`)).text();
  if (values.out) await writeFile(values.out, text);
  else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

async function db(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  const config = loadConfig();
  if (sub === 'check') {
    const report = await checkDatabase(config.dbFile);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (!report.ok) process.exitCode = 1;
  } else if (sub === 'backup') {
    const { values } = parseArgs({ args: rest, options: { out: { type: 'string' } } });
    const result = await backupFile(config.dbFile, values.out);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else if (sub === 'restore') {
    const file = rest[0];
    if (!file) throw new UsageError('db restore needs the backup file.');
    const result = await restoreDatabase(config.dbFile, file);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    throw new UsageError('db takes check, backup or restore.');
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'extract':
      return extract(rest);
    case 'user':
      if (rest[0] !== 'add') throw new UsageError('Only "user add" exists.');
      return userAdd(rest.slice(1));
    case 'export':
      return exportReport(rest);
    case 'import':
      return importFiles(rest);
    case 'db':
      return db(rest);
    case 'serve':
      await import('./server.js');
      return;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return;
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) {
    process.stderr.write(`${err.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const known = err instanceof AppError || err instanceof DbFileError || err instanceof LockedError || (err instanceof Error && err.name === 'ExtractionError');
  process.stderr.write(`claimbench: ${err instanceof Error ? err.message : String(err)}\n`);
  if (!known && err instanceof Error && process.env.CLAIMBENCH_DEBUG) process.stderr.write(`${err.stack}\n`);
  process.exitCode = 1;
});
