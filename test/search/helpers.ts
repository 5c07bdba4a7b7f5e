/** Builders for search and matching tests; each test opens its own store and makes its own records. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonStore, newId } from '../../src/storage/index.js';
import type { ArticleRecord, ClaimRecord, EvidenceRecord, ReviewRecord, SourceRecord, UserRecord } from '../../src/storage/records.js';
import type { Actor } from '../../src/users/types.js';

export interface TestStore {
  store: JsonStore;
  done: () => Promise<void>;
}

export async function openStore(): Promise<TestStore> {
  const dir = await mkdtemp(join(tmpdir(), 'claimbench-search-'));
  const store = await JsonStore.open({ file: join(dir, 'db.json'), purpose: 'test', backups: 0 });
  return {
    store,
    done: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export const reviewer: Actor = { id: 'usr_rev', name: 'rita', role: 'reviewer' };
export const viewer: Actor = { id: 'usr_view', name: 'victor', role: 'viewer' };
export const editor: Actor = { id: 'usr_ed', name: 'edna', role: 'editor' };

const NOW = '2024-05-01T10:00:00.000Z';

export function article(overrides: Partial<ArticleRecord> = {}): ArticleRecord {
  return {
    id: newId('art'), title: 'An article', outlet: 'The Daily Example', url: null, publishedAt: '2024-05-01T08:00:00.000Z',
    format: 'text', text: 'Some article text.', clutter: [], createdBy: null, createdAt: NOW, updatedAt: NOW, version: 1,
    ...overrides,
  };
}

export function claim(articleId: string, text: string, overrides: Partial<ClaimRecord> = {}): ClaimRecord {
  return {
    id: newId('clm'), articleId, text, start: 0, end: text.length, score: 0.8, reasons: [], type: 'quantity', speaker: null,
    status: 'new', origin: 'extracted', verdict: null, rationale: null, verdictBy: null, verdictAt: null,
    createdAt: NOW, updatedAt: NOW, updatedBy: null, version: 1,
    ...overrides,
  };
}

/** A claim with a final verdict. */
export function checked(articleId: string, text: string, verdict = 'false', overrides: Partial<ClaimRecord> = {}): ClaimRecord {
  return claim(articleId, text, { status: 'checked', verdict, rationale: 'Official figures say otherwise.', verdictBy: editor.id, verdictAt: NOW, ...overrides });
}

export function user(overrides: Partial<UserRecord> = {}): UserRecord {
  return {
    id: newId('usr'), name: 'someone', displayName: 'Someone', role: 'reviewer', passwordHash: null, active: true,
    createdAt: NOW, updatedAt: NOW, version: 1, ...overrides,
  };
}

export function review(claimId: string, reviewerId: string, overrides: Partial<ReviewRecord> = {}): ReviewRecord {
  return {
    id: newId('rev'), claimId, reviewerId, verdict: 'false', confidence: null, rationale: 'My reasons.',
    createdAt: NOW, updatedAt: NOW, version: 1, ...overrides,
  };
}

export function source(overrides: Partial<SourceRecord> = {}): SourceRecord {
  const url = overrides.url ?? `https://stats.example.gov/${newId('p')}`;
  return {
    id: newId('src'), url, normalizedUrl: url, title: 'A source', publisher: null, date: null, kind: 'primary',
    reliabilityNote: null, createdBy: null, createdAt: NOW, updatedAt: NOW, version: 1, ...overrides,
  };
}

export function evidence(claimId: string, sourceId: string): EvidenceRecord {
  return {
    id: newId('evi'), claimId, sourceId, stance: 'refutes', quote: null, note: null, addedBy: null,
    createdAt: NOW, updatedAt: NOW, version: 1,
  };
}
