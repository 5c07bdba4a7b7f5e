// Builds a realistic claimbench database in memory and writes it with the storage module's own
// serialiser (writeSnapshot), so the file is laid out exactly as the server writes it.
import { createHash, randomBytes } from 'node:crypto';

const WORDS = ('the government said unemployment fell by percent last year while inflation rose to its highest level since ' +
  'minister claimed that hospitals had received more funding than ever before according to figures published by the office ' +
  'for national statistics crime rates in cities doubled over the decade and schools reported record results this summer ' +
  'experts warned the policy would cost billions and economists disagreed about whether wages kept pace with prices').split(' ');

let counter = 0;
const id = (prefix) => `${prefix}_${(counter++).toString(36).padStart(8, '0')}${randomBytes(3).toString('base64url')}`;

function sentence(rand) {
  const n = 12 + Math.floor(rand() * 14);
  const words = [];
  for (let i = 0; i < n; i++) words.push(WORDS[Math.floor(rand() * WORDS.length)]);
  if (rand() < 0.3) words.splice(3, 0, `${Math.floor(rand() * 90 + 5)}%`);
  if (rand() < 0.1) words.push('— “quoted”, said Zoë');
  const s = words.join(' ');
  return `${s[0].toUpperCase()}${s.slice(1)}.`;
}

function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hashEntry = (e) =>
  createHash('sha256')
    .update(JSON.stringify([e.seq, e.at, e.actorId, e.actorName, e.entity, e.entityId, e.action, e.before ?? null, e.after ?? null, e.prevHash]))
    .digest('hex');

/**
 * A database with `claims` claims (~30 per article, article text ~5 KB), reviews and evidence on the
 * checked ones, a shared source library, a hash-chained history, an admin user and an API token.
 * Returns the db, the token secret and claim ids that are open for review (status new/in_review, no assignments).
 */
export function generate(storage, claimsWanted, seed = 42) {
  const rand = mulberry32(seed);
  const db = storage.emptyDb();
  const t0 = Date.parse('2024-01-01T00:00:00Z');
  const at = (i) => new Date(t0 + i * 60_000).toISOString();
  const admin = { id: id('usr'), name: 'admin', displayName: 'Admin', role: 'admin', passwordHash: null, active: true, createdAt: at(0), updatedAt: at(0), version: 1 };
  db.users.push(admin);
  const reviewers = [];
  for (let i = 0; i < 10; i++) {
    const u = { id: id('usr'), name: `reviewer${i}`, displayName: `Reviewer ${i}`, role: 'reviewer', passwordHash: null, active: true, createdAt: at(0), updatedAt: at(0), version: 1 };
    reviewers.push(u);
    db.users.push(u);
  }
  const secret = `cb_${randomBytes(24).toString('base64url')}`;
  db.tokens.push({ id: id('tok'), userId: admin.id, label: 'bench', hash: createHash('sha256').update(secret).digest('hex'), createdAt: at(0), revokedAt: null, lastUsedAt: null });

  const sources = [];
  for (let i = 0; i < Math.max(20, claimsWanted / 10); i++) {
    const url = `https://stats.example.org/report/${i}`;
    sources.push({ id: id('src'), url, normalizedUrl: url.replace('https://', ''), title: `Statistical release ${i}`, publisher: 'Office for Statistics', date: '2023-05-01', kind: i % 3 ? 'primary' : 'secondary', reliabilityNote: null, createdBy: admin.id, createdAt: at(1), updatedAt: at(1), version: 1 });
  }
  db.sources = sources;

  let seq = 0;
  let prevHash = '';
  const audit = (actor, entity, entityId, action, after, when) => {
    const base = { id: `his_${++seq}`, seq, at: when, actorId: actor.id, actorName: actor.displayName, entity, entityId, action, before: null, after, prevHash };
    const h = { ...base, hash: hashEntry(base) };
    prevHash = h.hash;
    db.history.push(h);
  };

  const open = [];
  let minute = 10;
  const articles = Math.ceil(claimsWanted / 30);
  for (let a = 0; a < articles && db.claims.length < claimsWanted; a++) {
    const sentences = [];
    let text = '';
    while (text.length < 5000) {
      const s = sentence(rand);
      sentences.push({ start: text.length, end: text.length + s.length, s });
      text += `${s} `;
    }
    const article = { id: id('art'), title: `Article ${a}: ${sentence(rand).slice(0, 60)}`, outlet: 'The Example Times', url: `https://news.example.com/${a}`, publishedAt: at(minute), format: 'text', text, clutter: [], createdBy: admin.id, createdAt: at(minute), updatedAt: at(minute), version: 1 };
    db.articles.push(article);
    audit(admin, 'article', article.id, 'create', { title: article.title }, at(minute++));
    for (let c = 0; c < 30 && c < sentences.length && db.claims.length < claimsWanted; c++) {
      const { start, end, s } = sentences[c];
      const r = rand();
      const status = r < 0.4 ? 'new' : r < 0.6 ? 'in_review' : r < 0.95 ? 'checked' : 'dismissed';
      const claim = { id: id('clm'), articleId: article.id, text: s, start, end, score: Math.round(rand() * 100) / 100, reasons: ['number'], type: 'quantity', speaker: null, status, origin: 'extracted', verdict: null, rationale: null, verdictBy: null, verdictAt: null, createdAt: at(minute), updatedAt: at(minute), updatedBy: null, version: 1 };
      if (status === 'checked') {
        claim.verdict = ['true', 'mostly_true', 'half_true', 'false'][Math.floor(rand() * 4)];
        claim.rationale = 'The published figures show a different trend over the same period.';
        claim.verdictBy = admin.id;
        claim.verdictAt = at(minute);
        for (let k = 0; k < 2; k++) {
          const rev = reviewers[(c + k) % reviewers.length];
          db.reviews.push({ id: id('rev'), claimId: claim.id, reviewerId: rev.id, verdict: claim.verdict, confidence: 0.8, rationale: 'Checked against the primary source; the numbers differ.', createdAt: at(minute), updatedAt: at(minute), version: 1 });
          audit(rev, 'review', claim.id, 'submit', { verdict: claim.verdict }, at(minute));
        }
        const src = sources[Math.floor(rand() * sources.length)];
        db.evidence.push({ id: id('evd'), claimId: claim.id, sourceId: src.id, stance: 'refutes', quote: 'Table 3 shows the rate unchanged.', note: null, addedBy: admin.id, createdAt: at(minute), updatedAt: at(minute), version: 1 });
      } else if (status !== 'dismissed') {
        open.push(claim.id);
      }
      db.claims.push(claim);
      audit(admin, 'claim', claim.id, 'extract', { status }, at(minute++));
    }
  }
  return { db, secret, open, articleIds: db.articles.map((a) => a.id), claimIds: db.claims.map((c) => c.id) };
}

export async function writeDb(storage, file, db) {
  const tmp = await storage.writeSnapshot(file, db, (body) => Math.ceil(Math.max(256 * 1024, body / 4) / 4096) * 4096);
  await tmp.install();
  await tmp.close();
}
