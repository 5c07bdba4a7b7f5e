import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceRecord } from '../../src/storage/index.js';

/** A fresh temporary directory and a db.json path in it; `cleanup` removes it. */
export function tempDb(): { dir: string; file: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'claimbench-storage-'));
  return { dir, file: join(dir, 'db.json'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A source record with text that needs escaping (quotes, backslashes, newlines, non-ASCII). */
export function source(id: string, extra = ''): SourceRecord {
  return {
    id,
    url: `https://example.org/${id}`,
    normalizedUrl: `example.org/${id}`,
    title: `Ünïcödé "quoted" \\ back\\slash\nnewline ${extra} — ✓ 𝔘`,
    publisher: null,
    date: null,
    kind: null,
    reliabilityNote: null,
    createdBy: null,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    version: 1,
  };
}

/** Bytes and mtime of a file, to show it was left untouched. */
export function fingerprint(file: string): { bytes: string; mtimeMs: number } {
  return { bytes: readFileSync(file).toString('base64'), mtimeMs: statSync(file).mtimeMs };
}
