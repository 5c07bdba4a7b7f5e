// Storage benchmark: generates databases of 1k, 10k and 100k claims, measures the storage engine on its
// own (open, group-committed transactions, checkpoint), then the real server over loopback (start time,
// verdict saves, claim/article pages, report export, peak RSS) beside a bare Express hello-world.
// Run with `npm run bench:store` (builds first). Sizes can be narrowed: `node bench/store.mjs 1000 10000`.
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, open, readFile, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, writeDb } from './lib/generate.mjs';
import { freePort, load, request, summarise } from './lib/http.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const storage = await import(join(root, 'dist/storage/index.js'));
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const SIZES = sizes.length ? sizes : [1_000, 10_000, 100_000];
const CLIENTS = 20;
const MB = 1024 * 1024;
const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '-');

async function syncFile(file) {
  const handle = await open(file, 'r+');
  await handle.sync();
  await handle.close();
}

/** Lets this process's garbage be collected before the next measurement (gc is exposed by npm run bench:store). */
async function settle() {
  globalThis.gc?.();
  await new Promise((r) => setTimeout(r, 1500));
}

async function storageBench(file, gen) {
  const t0 = performance.now();
  const store = await storage.JsonStore.open({ file, purpose: 'bench', backups: 1 });
  const openMs = performance.now() - t0;
  const rssAfterOpen = process.memoryUsage().rss;
  const admin = gen.admin;
  const pool = [...gen.open];
  const latencies = [];
  const flushes0 = store.stats().flushes;
  const started = performance.now();
  const deadline = started + 3000;
  let n = 0;
  const writer = async () => {
    while (performance.now() < deadline && pool.length) {
      const claimId = pool.pop();
      const t = performance.now();
      await store.transact((tx) => {
        const claim = tx.get('claims', claimId);
        const now = new Date().toISOString();
        tx.insert('reviews', { id: storage.newId('rev'), claimId, reviewerId: admin.id, verdict: 'false', confidence: null, rationale: 'Bench rationale: the figures say otherwise.', createdAt: now, updatedAt: now, version: 1 });
        tx.replace('claims', { ...claim, status: 'in_review', updatedAt: now, version: claim.version + 1 });
        tx.audit({ actor: { id: admin.id, name: admin.displayName }, entity: 'review', entityId: claimId, action: 'submit', before: null, after: { verdict: 'false' } });
      });
      latencies.push(performance.now() - t);
      n++;
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, writer));
  const tx = summarise(latencies, (performance.now() - started) / 1000);
  const flushes = store.stats().flushes - flushes0;
  const c0 = performance.now();
  await store.checkpoint();
  const checkpointMs = performance.now() - c0;
  await store.close({ checkpoint: false });
  return { openMs, rssAfterOpen, tx, txPerFlush: n / Math.max(1, flushes), checkpointMs };
}

function startServer(file, port, extraEnv = {}) {
  const child = spawn(process.execPath, [join(root, 'dist/server.js')], {
    env: { ...process.env, CLAIMBENCH_DB: file, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', LOG_LEVEL: 'silent', CLAIMBENCH_SESSION_SECRET: 'bench-session-secret-0123456789abcdef', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  child.stdout.resume();
  return { child, stderr: () => stderr };
}

async function waitHealthy(port, child, stderr, limitMs = 60_000) {
  const t0 = performance.now();
  while (performance.now() - t0 < limitMs) {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr()}`);
    try {
      const res = await request(undefined, port, 'GET', '/health');
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('server did not become healthy');
}

function peakRss(pid) {
  try {
    const status = require_('/proc/' + pid + '/status');
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}
let procCache = '';
const require_ = (p) => procCache;

async function readPeak(pid) {
  try {
    procCache = await readFile(`/proc/${pid}/status`, 'utf8');
  } catch {
    procCache = '';
  }
  return peakRss(pid);
}

async function stop(child) {
  const t0 = performance.now();
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  await exited;
  clearTimeout(timer);
  return performance.now() - t0;
}

async function serverBench(file, gen) {
  if (!existsSync(join(root, 'dist/server.js'))) return null;
  const port = await freePort();
  const t0 = performance.now();
  const { child, stderr } = startServer(file, port);
  try {
    await waitHealthy(port, child, stderr);
  } catch (err) {
    child.kill('SIGKILL');
    return { error: err.message.slice(0, 300) };
  }
  const startMs = performance.now() - t0;
  const auth = { authorization: `Bearer ${gen.secret}` };
  const pick = (list, i) => list[(i * 7919) % list.length];
  // Warm up the paths once.
  await request(undefined, port, 'GET', `/api/v1/claims/${gen.claimIds[0]}`, { headers: auth });
  const claimGet = await load({ port, clients: CLIENTS, ms: 5000, next: (i) => ({ path: `/api/v1/claims/${pick(gen.claimIds, i)}`, headers: auth }) });
  const articleGet = await load({ port, clients: CLIENTS, ms: 3000, next: (i) => ({ path: `/api/v1/articles/${pick(gen.articleIds, i)}`, headers: auth }) });
  const report = await load({ port, clients: 1, ms: 5000, max: 30, next: (i) => ({ path: `/api/v1/articles/${pick(gen.articleIds, i)}/report?format=json`, headers: auth }) });
  const pool = [...gen.open];
  const save = await load({
    port, clients: CLIENTS, ms: 5000, max: pool.length,
    next: () => {
      const id = pool.pop();
      return id ? { method: 'POST', path: `/api/v1/claims/${id}/reviews`, headers: auth, body: { verdict: 'false', rationale: 'The cited figures do not support it.' } } : null;
    },
  });
  const health = JSON.parse((await request(undefined, port, 'GET', '/health')).body);
  const rss = await readPeak(child.pid);
  const stopMs = await stop(child);
  return { startMs, claimGet, articleGet, report, save, rss, stopMs, health };
}

async function helloWorld() {
  const port = await freePort();
  const src = `import express from 'express'; const app = express(); app.get('/', (_q, s) => { s.send('hello world'); }); app.listen(${port}, '127.0.0.1', () => console.log('listening'));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', src], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((r) => child.stdout.once('data', r));
  const res = await load({ port, clients: CLIENTS, ms: 5000, next: () => ({ path: '/' }) });
  child.kill('SIGTERM');
  return res;
}

const rows = [];
const dir = await mkdtemp(join(tmpdir(), 'claimbench-bench-'));
try {
  const hello = await helloWorld();
  console.log(`hello-world express: ${fmt(hello.rps, 0)} req/s, p95 ${fmt(hello.p95)} ms`);
  for (const size of SIZES) {
    const g0 = performance.now();
    const generated = generate(storage, size);
    const base = join(dir, `db-${size}.json`);
    await writeDb(storage, base, generated.db);
    const genMs = performance.now() - g0;
    const fileBytes = (await stat(base)).size;
    const counts = `${generated.db.articles.length} articles, ${generated.db.reviews.length} reviews, ${generated.db.history.length} history`;
    console.log(`\n${size} claims: ${counts}; db.json ${fmt(fileBytes / MB)} MB (generated in ${fmt(genMs / 1000, 2)} s)`);
    // Keep only the ids the load needs: the generated records would otherwise hold hundreds of MB in
    // this process while the server starts beside it on the same two cores.
    const gen = { secret: generated.secret, claimIds: generated.claimIds, articleIds: generated.articleIds, open: generated.open, admin: generated.db.users[0] };
    generated.db = null;
    await settle();

    const served = join(dir, `server-${size}.json`);
    await copyFile(base, served);
    // Start-up is measured on a settled file, not while the kernel still writes this fresh copy out.
    await syncFile(served);
    const h = await serverBench(served, gen);

    const micro = join(dir, `micro-${size}.json`);
    await copyFile(base, micro);
    const s = await storageBench(micro, gen);
    console.log(`  storage: open ${fmt(s.openMs, 0)} ms; ${fmt(s.tx.rps, 0)} tx/s, p50 ${fmt(s.tx.p50)} / p95 ${fmt(s.tx.p95)} / p99 ${fmt(s.tx.p99)} ms, ${fmt(s.txPerFlush)} tx per flush; checkpoint ${fmt(s.checkpointMs, 0)} ms`);
    await settle();
    if (h && !h.error) {
      const after = (await stat(served)).size;
      console.log(`  server: start ${fmt(h.startMs, 0)} ms; claim GET ${fmt(h.claimGet.rps, 0)} req/s p95 ${fmt(h.claimGet.p95)} ms; article GET ${fmt(h.articleGet.rps, 0)} req/s p95 ${fmt(h.articleGet.p95)} ms; report p50 ${fmt(h.report.p50)} ms; verdict save p50 ${fmt(h.save.p50)} / p95 ${fmt(h.save.p95)} / p99 ${fmt(h.save.p99)} ms (${h.save.count} saves); peak RSS ${fmt(h.rss / MB)} MB; stop ${fmt(h.stopMs, 0)} ms`);
      for (const [name, r] of Object.entries({ claimGet: h.claimGet, articleGet: h.articleGet, report: h.report, save: h.save })) {
        if (Object.keys(r.failures).length) console.log(`    ${name} failures: ${JSON.stringify(r.failures).slice(0, 300)}`);
      }
      rows.push({ size, fileBytes, afterBytes: after, s, h });
    } else {
      console.log(`  server: ${h ? h.error : 'dist/server.js not built'}`);
      rows.push({ size, fileBytes, s, h: null });
    }
    await rm(micro, { force: true });
    await rm(`${micro}.backups`, { recursive: true, force: true });
  }

  console.log('\n| claims | db.json MB | start ms (<3000) | verdict save p50/p95/p99 ms (p95<100) | claim GET req/s (>= hello/4 = ' + fmt(hello.rps / 4, 0) + ') | claim GET p95 ms (<50) | article GET req/s / p95 | report export p50 ms | peak RSS MB (<4x db) | storage open ms | storage tx/s, p95 ms, tx/flush | checkpoint ms |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const h = r.h;
    const mbv = r.fileBytes / MB;
    console.log(`| ${r.size} | ${fmt(mbv)} | ${h ? fmt(h.startMs, 0) : '-'} | ${h ? `${fmt(h.save.p50)}/${fmt(h.save.p95)}/${fmt(h.save.p99)}` : '-'} | ${h ? fmt(h.claimGet.rps, 0) : '-'} | ${h ? fmt(h.claimGet.p95) : '-'} | ${h ? `${fmt(h.articleGet.rps, 0)} / ${fmt(h.articleGet.p95)}` : '-'} | ${h ? fmt(h.report.p50) : '-'} | ${h ? `${fmt(h.rss / MB, 0)} (${fmt(h.rss / r.fileBytes, 2)}x)` : '-'} | ${fmt(r.s.openMs, 0)} | ${fmt(r.s.tx.rps, 0)}, ${fmt(r.s.tx.p95)}, ${fmt(r.s.txPerFlush)} | ${fmt(r.s.checkpointMs, 0)} |`);
  }
  console.log(`\nhello-world express: ${fmt(hello.rps, 0)} req/s over ${CLIENTS} keep-alive clients on loopback.`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
