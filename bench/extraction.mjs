#!/usr/bin/env node
// Extraction benchmark: throughput of splitSentences and extractClaims against Intl.Segmenter and
// wink-nlp on a corpus of article-sized documents, plus the public sentence-boundary scores.
// Prints numbers only; it asserts nothing. Run `npm run build` first (imports dist/).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { extractClaims, splitSentences } from '../dist/extraction/index.js';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixtures = new URL('../test/fixtures/extraction/', import.meta.url);

// ---------------------------------------------------------------- corpus
// Deterministic pseudo-random news-like paragraphs mixed with the text fixture, ~8 KB per document.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (list) => list[Math.floor(rand() * list.length)];
const people = ['Health Minister Jane Okafor', 'Dr. Ruth Adams', 'Mr. Tomas Reyes', 'Sen. Ana Lima', 'Prof. J. K. Osei'];
const orgs = ['the U.S. Treasury', 'the U.N. agency', 'Brandt & Co.', 'Velo Inc.', 'the Port Authority'];
const verbs = ['rose', 'fell', 'doubled', 'was cut', 'will rise', 'stayed flat'];
const things = ['rents', 'fares', 'the harbour levy', 'measles cases', 'wheat prices', 'unemployment'];
const sentence = () => {
  switch (Math.floor(rand() * 6)) {
    case 0: return `${pick(things)[0].toUpperCase()}${pick(things).slice(1)} ${pick(verbs)} by ${Math.floor(rand() * 90)}.${Math.floor(rand() * 9)}% in Jan. ${2000 + Math.floor(rand() * 25)}, according to ${pick(orgs)}.`;
    case 1: return `“We are not done yet. The work goes on,” ${pick(people)} said at 5 p.m. on Friday.`;
    case 2: return `${pick(people)} told reporters that ${pick(things)} ${pick(verbs)} because of the new rules.`;
    case 3: return `Is that a coincidence?`;
    case 4: return `Under the 2019 Act, ${pick(orgs)} must publish figures every No. ${Math.floor(rand() * 9) + 1} quarter... Critics disagree.`;
    default: return `The deal with ${pick(orgs)} was worth $${(rand() * 9).toFixed(1)}bn, up from $${(rand() * 9).toFixed(1)}bn.`;
  }
};
const fixtureText = readFileSync(new URL('harbour-levy.txt', fixtures), 'utf8');
function documentOf() {
  const paras = [fixtureText];
  let size = fixtureText.length;
  while (size < 8000) {
    const p = Array.from({ length: 2 + Math.floor(rand() * 4) }, sentence).join(' ');
    paras.push(p);
    size += p.length + 2;
  }
  return paras.join('\n\n');
}
const docs = Array.from({ length: 500 }, documentOf);
const totalChars = docs.reduce((n, d) => n + d.length, 0);
const mb = Buffer.byteLength(docs.join(''), 'utf8') / (1024 * 1024);

// ---------------------------------------------------------------- timing
function time(label, fn, rounds = 5) {
  for (const d of docs.slice(0, 20)) fn(d); // warm-up
  let best = Infinity;
  let units = 0;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    units = 0;
    for (const d of docs) units += fn(d);
    best = Math.min(best, performance.now() - t0);
  }
  return { label, ms: best, units };
}

const intl = new Intl.Segmenter('en', { granularity: 'sentence' });
const nlp = winkNLP(model, ['sbd']);
const results = [
  time('splitSentences', (d) => splitSentences(d).length),
  time('extractClaims (text)', (d) => extractClaims(d, { format: 'text' }).claims.length),
  time('Intl.Segmenter', (d) => { let n = 0; for (const _ of intl.segment(d)) n += 1; return n; }),
  time('wink-nlp sentences', (d) => nlp.readDoc(d).sentences().length()),
];

console.log(`corpus: ${docs.length} documents, ${(totalChars / docs.length / 1024).toFixed(1)} K chars each, ${mb.toFixed(2)} MB total`);
console.log('');
console.log('| what                 |   MB/s |  ms/MB | units |');
console.log('|----------------------|-------:|-------:|------:|');
for (const r of results) {
  console.log(`| ${r.label.padEnd(20)} | ${(mb / (r.ms / 1000)).toFixed(1).padStart(6)} | ${(r.ms / mb).toFixed(1).padStart(6)} | ${String(r.units).padStart(5)} |`);
}
const by = (label) => results.find((r) => r.label === label).ms;
console.log('');
console.log(`splitSentences / Intl.Segmenter time: ${(by('splitSentences') / by('Intl.Segmenter')).toFixed(2)}x (target <= 2x)`);
console.log(`extractClaims / wink-nlp sentences time: ${(by('extractClaims (text)') / by('wink-nlp sentences')).toFixed(2)}x (target < 1x)`);

// ---------------------------------------------------------------- boundary scores
const scorer = '/work/shared/bench/score-sbd.mjs';
const splitter = `${root}dist/extraction/index.js`;
for (const [name, file] of [['golden-rules', 'golden-rules-en.json'], ['sbd-extra', 'sbd-extra-en.json']]) {
  const cases = `/work/shared/bench/${file}`;
  if (!existsSync(scorer) || !existsSync(cases)) {
    console.log(`${name}: n/a`);
    continue;
  }
  try {
    const out = execFileSync(process.execPath, [scorer, cases, splitter, '--quiet'], { encoding: 'utf8' });
    const last = out.trim().split('\n').pop() ?? '';
    console.log(`${name}: ${last.replace(/^golden-rules:\s*/, '')}`);
  } catch {
    console.log(`${name}: n/a`);
  }
}
