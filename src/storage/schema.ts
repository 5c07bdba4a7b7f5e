import { z } from 'zod';
import { COLLECTION_NAMES, type Collections, type Settings } from './records.js';

/** The schema version this build reads and writes. Older files are migrated on open; newer ones refused. */
export const SCHEMA_VERSION = 1;

/** The database as it is kept on disk: a header, the settings, then one array per collection. */
export type DbFile = {
  schemaVersion: number;
  /** Sequence number of the last journal entry contained in this file. */
  walSeq: number;
  settings: Settings;
  /**
   * The in-file journal: committed transactions after walSeq, one escaped JSON entry per line, then
   * space padding that later entries overwrite in place. Always the last member of the file.
   */
  journal?: string;
} & { [C in keyof Collections]: Collections[C][] };

export const DEFAULT_SCALE: Settings['scale'] = [
  { key: 'true', label: 'True', rank: 1, value: 1, colour: '#1a7f37' },
  { key: 'mostly_true', label: 'Mostly true', rank: 2, value: 0.75, colour: '#2b7a0b' },
  { key: 'half_true', label: 'Half true', rank: 3, value: 0.5, colour: '#8a6a00' },
  { key: 'mostly_false', label: 'Mostly false', rank: 4, value: 0.25, colour: '#b23c0a' },
  { key: 'false', label: 'False', rank: 5, value: 0, colour: '#c92a2a' },
  { key: 'unverifiable', label: 'Unverifiable', rank: null, value: null, colour: '#6c757d' },
  { key: 'not_a_claim', label: 'Not a claim', rank: null, value: null, colour: '#5f666d' },
];

export function defaultSettings(): Settings {
  return {
    version: 1,
    organization: { name: 'claimbench newsroom', url: 'http://localhost:3000' },
    scale: DEFAULT_SCALE.map((e) => ({ ...e })),
    reviewsPerClaim: 2,
    adjudication: 'disagreement',
    publishing: { minSourcesForExtremes: 2, requireRationale: true },
  };
}

export function emptyDb(): DbFile {
  const db = { schemaVersion: SCHEMA_VERSION, walSeq: 0, settings: defaultSettings() } as Record<string, unknown>;
  for (const name of COLLECTION_NAMES) db[name] = [];
  return db as DbFile;
}

const scaleEntry = z.object({
  key: z.string().regex(/^[a-z0-9_]{1,40}$/),
  label: z.string().min(1).max(60),
  rank: z.number().int().positive().nullable(),
  value: z.number().min(0).max(1).nullable(),
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/),
});

export const settingsSchema = z.object({
  version: z.number().int().positive(),
  organization: z.object({ name: z.string().min(1), url: z.string().url() }),
  scale: z.array(scaleEntry).min(2),
  reviewsPerClaim: z.number().int().min(1).max(5),
  adjudication: z.enum(['disagreement', 'always']),
  publishing: z.object({ minSourcesForExtremes: z.number().int().min(0).max(10), requireRationale: z.boolean() }),
});

const header = z.looseObject({
  schemaVersion: z.number().int().positive(),
  walSeq: z.number().int().min(0),
  settings: settingsSchema,
  journal: z.string().optional(),
});

export class SchemaError extends Error {}

/** Checks a parsed file against the current schema; throws SchemaError naming the first problems. */
export function validateDb(value: unknown): DbFile {
  const head = header.safeParse(value);
  if (!head.success) throw new SchemaError(describe(head.error));
  const obj = head.data as Record<string, unknown>;
  for (const name of COLLECTION_NAMES) {
    const list = obj[name];
    if (list === undefined) {
      obj[name] = [];
      continue;
    }
    if (!Array.isArray(list)) throw new SchemaError(`"${name}" must be an array`);
    // Records are checked by shape (an object with a string id), not field by field: at 100k claims a
    // full per-field parse would dominate start-up time, and records are only ever written by this code.
    const seen = new Set<string>();
    for (let i = 0; i < list.length; i++) {
      const r: unknown = list[i];
      if (r === null || typeof r !== 'object' || Array.isArray(r)) throw new SchemaError(`${name}[${i}]: expected an object`);
      const id = (r as { id?: unknown }).id;
      if (typeof id !== 'string' || id === '') throw new SchemaError(`${name}[${i}].id: expected a non-empty string`);
      if (seen.has(id)) throw new SchemaError(`${name}[${i}]: duplicate id "${id}"`);
      seen.add(id);
    }
  }
  return obj as DbFile;
}

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`)
    .join('; ');
}

/**
 * Migrations from version n to n+1, applied in order. Each takes the parsed file of version n and
 * returns version n+1. Version 1 is the first; the list grows with the schema.
 */
export type Migration = (db: Record<string, unknown>) => Record<string, unknown>;
export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

/**
 * Brings a parsed file up to `target`. The steps and target are parameters so tests can exercise the
 * migration path (backup first, then migrate) before the schema has a second version.
 */
export function migrate(
  value: Record<string, unknown>,
  migrations: Readonly<Record<number, Migration>> = MIGRATIONS,
  target: number = SCHEMA_VERSION,
): { db: Record<string, unknown>; from: number } {
  const from = typeof value.schemaVersion === 'number' ? value.schemaVersion : 0;
  let db = value;
  for (let v = from; v < target; v++) {
    const step = migrations[v];
    if (!step) throw new SchemaError(`no migration from schema version ${v}`);
    db = { ...step(db), schemaVersion: v + 1 };
  }
  return { db, from };
}
