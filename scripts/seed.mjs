#!/usr/bin/env node
// Rebuilds the bundled db.json from samples/: three messy news articles, already split into claims,
// and no accounts (the first visit creates the admin). Run after `npm run build`:
//   node scripts/seed.mjs [target]   (default ./db.json; refuses to overwrite unless --force)
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../dist/config.js';
import { createServices } from '../dist/services.js';
import { JsonStore } from '../dist/storage/index.js';

const args = process.argv.slice(2);
const target = args.find((a) => !a.startsWith('--')) ?? 'db.json';
if (existsSync(target)) {
  if (!args.includes('--force')) {
    console.error(`${target} exists; pass --force to replace it.`);
    process.exit(1);
  }
  rmSync(target);
}
const config = loadConfig({ NODE_ENV: 'production' }, { dbFile: target, backups: 0 });
const store = await JsonStore.open({ file: target, purpose: 'seed', backups: 0 });
const services = createServices(store, config);
const actor = { id: 'system', name: 'claimbench sample data', role: 'admin' };
const samples = [
  { file: 'harbour-port-deal.txt', outlet: 'Reuters (sample)', url: 'https://www.example.com/world/port-deal-stalls', publishedAt: '2026-01-14' },
  { file: 'city-budget.md', outlet: 'Riverton Echo (sample)', url: 'https://www.example.org/news/council-budget', publishedAt: '2026-03-03' },
  { file: 'measles-clinic.html', outlet: 'The Daily Ledger (sample)', url: 'https://www.example.net/health/measles-cases-double', publishedAt: '2026-02-12' },
];
for (const s of samples) {
  const body = readFileSync(join('samples', s.file), 'utf8');
  const { article, claims } = await services.articles.import({ ...s, body, fileName: s.file }, actor);
  console.log(`${article.id}  ${claims.length} claims  ${article.title}`);
}
await store.close();
// Ship it without the journal's space padding: the first write makes room again.
const text = readFileSync(target, 'utf8');
const compact = text.replace(/"journal": " *"\n\}\n$/, '"journal": ""\n}\n');
if (compact === text) throw new Error('unexpected db.json layout');
writeFileSync(target, compact);
