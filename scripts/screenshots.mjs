#!/usr/bin/env node
/**
 * Screenshots of the main pages for the README: `npm run screenshots` (after `npm run build`).
 *
 * Builds nothing: it starts the built server (dist/server.js) on a temporary copy of ./db.json (or an
 * empty database when there is none), signs up an admin through the first-run setup page, imports the
 * sample article through the import form, seeds a small team's reviews through the JSON API, and saves
 * PNGs into docs/screenshots/. The real database is never touched. Needs Chromium at /usr/bin/chromium
 * (or CHROMIUM_PATH); it never downloads a browser.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// --out DIR and --full-page are for looking at whole pages while working on the styles.
const { values: opts } = parseArgs({ options: { out: { type: 'string' }, 'full-page': { type: 'boolean', default: false } } });
const OUT = opts.out ? resolve(opts.out) : join(ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SERVER = join(ROOT, 'dist', 'server.js');
const CLI = join(ROOT, 'dist', 'cli.js');
const SAMPLE = join(ROOT, 'samples', 'harbour-port-deal.txt');
const ADMIN = { name: 'maria', displayName: 'Maria Okafor', password: `shots-${randomBytes(9).toString('base64url')}` };

function fail(message) {
  process.stderr.write(`screenshots: ${message}\n`);
  process.exit(1);
}

if (!existsSync(SERVER)) fail('dist/server.js is missing: run `npm run build` first.');
if (!existsSync(CHROMIUM)) fail(`Chromium is missing at ${CHROMIUM}: install it with \`apt-get install chromium\`.`);

const dir = mkdtempSync(join(tmpdir(), 'claimbench-shots-'));
const dbFile = join(dir, 'db.json');
const env = {
  ...process.env,
  NODE_ENV: 'production',
  CLAIMBENCH_DB: dbFile,
  CLAIMBENCH_SESSION_SECRET: randomBytes(32).toString('base64url'),
  CLAIMBENCH_BACKUPS: '0',
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
};

let server = null;
let browser = null;

async function main() {
  // A copy of the repository's database, when it has one: screenshots then show its real content.
  const existing = join(ROOT, 'db.json');
  let viaSetup = true;
  if (existsSync(existing)) {
    copyFileSync(existing, dbFile);
    const db = JSON.parse(readFileSync(dbFile, 'utf8'));
    if (Array.isArray(db.users) && db.users.length > 0) {
      // The setup page only exists on an empty desk: add the admin to the copy with the CLI instead.
      viaSetup = false;
      const r = spawnSync(process.execPath, [CLI, 'user', 'add', ADMIN.name, '--role', 'admin', '--display-name', ADMIN.displayName, '--password-stdin'], {
        env, input: `${ADMIN.password}\n`, encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(`could not add the screenshot admin: ${r.stderr || r.stdout}`);
    }
  }

  const base = await startServer();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--hide-scrollbars'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light', deviceScaleFactor: 1 });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on('pageerror', (err) => process.stderr.write(`page error: ${err}\n`));

  // First run: the setup page creates the admin (or, on a copied database, the login page).
  await page.goto(`${base}/`);
  if (viaSetup) {
    if (!page.url().endsWith('/setup')) throw new Error(`expected the setup page, got ${page.url()}`);
    await page.fill('#name', ADMIN.name);
    await page.fill('#displayName', ADMIN.displayName);
    await page.fill('#password', ADMIN.password);
    await page.fill('#confirm', ADMIN.password);
    await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);
  } else {
    await page.goto(`${base}/login`);
    await page.fill('#name', ADMIN.name);
    await page.fill('#password', ADMIN.password);
    await Promise.all([page.waitForURL(`${base}/`), page.click('main button[type=submit]')]);
  }

  // Import the sample article through the form, as a person would.
  await page.goto(`${base}/articles/new`);
  // The headline is typed in, as a desk editor would: the sample's first line is site navigation.
  await page.fill('#title', 'China-US relations: Port deal stalls as Washington weighs review');
  await page.fill('#outlet', 'Reuters');
  await page.fill('#url', 'https://www.reuters.example/world/port-deal-stalls');
  await page.fill('#publishedAt', '2026-01-14');
  await page.fill('#body', readFileSync(SAMPLE, 'utf8'));
  await Promise.all([page.waitForURL(/\/articles\/art_[^/]+$/), page.click('form[data-progress-form] button[type=submit]')]);
  const articleId = new URL(page.url()).pathname.split('/').pop();

  // An API token for seeding the team's work quickly.
  await page.goto(`${base}/account`);
  await page.fill('#label', 'screenshots');
  await Promise.all([page.waitForURL(`${base}/account`), page.click('form[action="/account/tokens"] button')]);
  const token = (await page.textContent('code.token'))?.trim();
  if (!token) throw new Error('no API token shown on the account page');
  await seed(base, token, articleId);

  const shots = [];
  const shoot = async (p, name, path, prepare) => {
    await p.goto(`${base}${path}`);
    if (prepare) await prepare(p);
    const file = join(OUT, `${name}.png`);
    await p.screenshot({ path: file, fullPage: opts['full-page'] });
    shots.push(file);
  };
  mkdirSync(OUT, { recursive: true });
  const claimId = await pickClaim(base, token, articleId);
  await shoot(page, 'desk', '/');
  await shoot(page, 'article', `/articles/${articleId}`);
  await shoot(page, 'claim', `/claims/${claimId}`);
  await shoot(page, 'report', `/articles/${articleId}/report`);
  await shoot(page, 'team', '/team');

  // One phone-width and one dark-mode picture, with the same session.
  const cookies = await context.cookies();
  const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await phone.addCookies(cookies);
  await shoot(await phone.newPage(), 'claim-phone', `/claims/${claimId}`);
  const dark = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
  await dark.addCookies(cookies);
  await shoot(await dark.newPage(), 'article-dark', `/articles/${articleId}`);

  process.stdout.write(`Saved ${shots.length} screenshots:\n${shots.map((f) => `  ${relative(ROOT, f)}`).join('\n')}\n`);
}

/** Starts dist/server.js on a free port and resolves with its URL once it listens. */
function startServer() {
  return new Promise((resolve, reject) => {
    server = spawn(process.execPath, [SERVER], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start within 20 s:\n${out}${err}`)), 20_000);
    server.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    server.stderr.on('data', (d) => {
      err += d;
    });
    server.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with code ${code}:\n${out}${err}`));
    });
  });
}

async function api(base, token, method, path, body) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function worthyClaims(base, token, articleId) {
  const article = await api(base, token, 'GET', `/articles/${articleId}`);
  return article.claims.filter((c) => c.score >= 0.5 && c.status !== 'dismissed').sort((a, b) => a.start - b.start);
}

/** A small team's work: two reviewers, agreeing on some claims and not on one, which the admin settles. */
async function seed(base, adminToken, articleId) {
  const sam = await api(base, adminToken, 'POST', '/users', { name: 'sam', displayName: 'Sam Reyes', role: 'reviewer', password: randomBytes(12).toString('base64url') });
  const lee = await api(base, adminToken, 'POST', '/users', { name: 'lee', displayName: 'Lee Park', role: 'reviewer', password: randomBytes(12).toString('base64url') });
  const claims = await worthyClaims(base, adminToken, articleId);
  const plan = [
    { match: /1\.8 million containers/, sam: 'mostly_false', lee: 'false', final: 'mostly_false', sources: [['https://port-authority.example/annual-report-2025', 'Port authority annual report 2025', 'Port Authority', 'refutes'], ['https://stats.example/ports/2025', 'National port throughput statistics', 'Statistics Office', 'refutes']] },
    { match: /325 transactions/, sam: 'true', lee: 'true', sources: [['https://treasury.example/cfius/annual-report-2024', 'CFIUS annual report to Congress, 2024', 'U.S. Treasury', 'supports'], ['https://congress.example/crs/cfius', 'CFIUS: an overview', 'Congressional Research Service', 'supports']] },
    { match: /90 days/, sam: 'mostly_true', lee: 'mostly_true', sources: [['https://law.example/50-usc-4565', '50 U.S.C. § 4565', 'U.S. Code', 'supports']] },
    { match: /8\.5%/, sam: 'half_true', lee: null, sources: [['https://drewry.example/wci', 'World Container Index', 'Drewry', 'context']] },
  ];
  for (const step of plan) {
    const claim = claims.find((c) => step.match.test(c.text));
    if (!claim) continue;
    const reviewers = [['sam', sam, step.sam], ['lee', lee, step.lee]].filter(([, , v]) => v);
    await api(base, adminToken, 'POST', `/claims/${claim.id}/assignees`, { userIds: reviewers.map(([, u]) => u.id).concat(step.lee ? [] : [lee.id]) });
    for (const [i, [url, title, publisher, stance]] of step.sources.entries()) {
      await api(base, i % 2 ? lee.token : sam.token, 'POST', `/claims/${claim.id}/evidence`, { url, title, publisher, stance, kind: 'primary' });
    }
    for (const [, user, verdict] of reviewers) {
      await api(base, user.token, 'POST', `/claims/${claim.id}/reviews`, {
        verdict,
        rationale: `The **${step.sources[0][1]}** is the primary record. ${verdict === 'false' ? 'The figure is wrong by a wide margin.' : 'It matches the claim as worded, with the caveats noted in the sources.'}`,
        confidence: 0.8,
      });
    }
    if (step.final) {
      await api(base, adminToken, 'POST', `/claims/${claim.id}/adjudication`, {
        verdict: step.final,
        reason: 'The port authority reports **1.6 million** containers in 2025, up 3%: the claim overstates both the volume and the growth.',
      });
    }
  }
  const open = claims.find((c) => /8\.5%/.test(c.text));
  if (open) await api(base, sam.token, 'POST', `/claims/${open.id}/comments`, { body: '@lee can you check the December index against the weekly figures?' }).catch(() => undefined);
}

/** The adjudicated claim: it shows two reviews side by side, the final verdict and evidence. */
async function pickClaim(base, token, articleId) {
  const claims = await worthyClaims(base, token, articleId);
  return (claims.find((c) => /1\.8 million containers/.test(c.text)) ?? claims[0]).id;
}

main()
  .catch((err) => {
    process.stderr.write(`screenshots failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    if (browser) await browser.close().catch(() => undefined);
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    }
    rmSync(dir, { recursive: true, force: true });
  });
