import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { DbFileError, emptyDb, JsonStore, LockedError, SCHEMA_VERSION, type DbFile } from '../../src/storage/index.js';
import { writeSnapshot } from '../../src/storage/file.js';
import { encodeEntry } from '../../src/storage/journal.js';
import { fingerprint, source, tempDb } from './helpers.js';

const open = (file: string, extra: Partial<Parameters<typeof JsonStore.open>[0]> = {}) =>
  JsonStore.open({ file, purpose: 'storage test', backups: 0, ...extra });

/** Writes a database file laid out by the storage module, with `journal` as its raw journal content. */
async function writeDb(file: string, db: DbFile): Promise<void> {
  const tmp = await writeSnapshot(file, db, () => 64 * 1024);
  await tmp.install();
  await tmp.close();
}

describe('transactions', () => {
  it('applies nothing when the transaction function throws', async () => {
    const t = tempDb();
    const store = await open(t.file);
    await store.transact((tx) => tx.insert('sources', source('src_keep')));
    await expect(
      store.transact((tx) => {
        tx.insert('sources', source('src_rolled_back'));
        tx.remove('sources', 'src_keep');
        tx.audit({ actor: null, entity: 'source', entityId: 'x', action: 'test', before: null, after: null });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(store.get('sources', 'src_keep')).toBeDefined();
    expect(store.get('sources', 'src_rolled_back')).toBeUndefined();
    expect(store.count('history')).toBe(0);
    await store.close();
    t.cleanup();
  });

  it('keeps the history chain intact across transactions and reopening', async () => {
    const t = tempDb();
    let store = await open(t.file);
    for (let i = 0; i < 5; i++) {
      await store.transact((tx) => tx.audit({ actor: { id: 'u1', name: 'Ann' }, entity: 'claim', entityId: `c${i}`, action: 'edit', before: null, after: { i } }));
    }
    store.updateLock({ url: 'http://127.0.0.1:1' });
    await store.close();
    store = await open(t.file);
    const entry = await store.transact((tx) => tx.audit({ actor: null, entity: 'claim', entityId: 'c5', action: 'edit', before: null, after: null }));
    expect(entry.seq).toBe(6);
    const { verifyHistory } = await import('../../src/storage/index.js');
    expect(verifyHistory(store.all('history')).ok).toBe(true);
    await store.close();
    t.cleanup();
  });

  it('groups concurrent transactions into far fewer flushes than transactions', async () => {
    const t = tempDb();
    const store = await open(t.file);
    const before = store.stats().flushes;
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.transact((tx) => tx.insert('sources', source(`src_${i}`)))));
    const flushes = store.stats().flushes - before;
    expect(flushes).toBeGreaterThanOrEqual(1);
    expect(flushes).toBeLessThanOrEqual(5);
    await store.close();
    t.cleanup();
  });
});

describe('durability in db.json itself', () => {
  it('has every acknowledged write in db.json before any checkpoint, as plain JSON', async () => {
    const t = tempDb();
    const store = await open(t.file);
    const checkpointsAtOpen = store.stats().checkpoints;
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.transact((tx) => tx.insert('sources', source(`src_${i}`)))));
    expect(store.stats().checkpoints).toBe(checkpointsAtOpen);
    const raw = readFileSync(t.file);
    expect(raw.every((b) => b < 0x80)).toBe(true);
    const doc = JSON.parse(raw.toString('utf8')) as { journal: string };
    for (let i = 0; i < 20; i++) {
      expect(raw.toString('latin1')).toContain(`src_${i}\\"`);
      expect(doc.journal).toContain(`"src_${i}"`);
    }
    await store.close();
    t.cleanup();
  });

  it('sees every acknowledged write after reopening without a clean close', async () => {
    const t = tempDb();
    const store = await open(t.file);
    await Promise.all(Array.from({ length: 30 }, (_, i) => store.transact((tx) => tx.insert('sources', source(`src_${i}`)))));
    await store.transact((tx) => tx.remove('sources', 'src_3'));
    // Simulate a crash: drop the lock without the closing checkpoint.
    await store.close({ checkpoint: false });
    const reopened = await open(t.file);
    expect(reopened.count('sources')).toBe(29);
    expect(reopened.get('sources', 'src_29')?.title).toBe(source('src_29').title);
    expect(reopened.get('sources', 'src_3')).toBeUndefined();
    expect(reopened.report.replayed).toBe(31);
    await reopened.close();
    t.cleanup();
  });

  it('recovers from a journal whose last entry was cut short, and keeps the file valid JSON', async () => {
    const t = tempDb();
    const db = emptyDb();
    db.sources = [source('src_base')];
    const complete = encodeEntry({ seq: 1, ops: [['put', 'sources', source('src_one')]] }).toString('latin1');
    const torn = encodeEntry({ seq: 2, ops: [['put', 'sources', source('src_torn')]] }).toString('latin1');
    db.journal = JSON.parse(`"${complete}${torn.slice(0, torn.length / 2).replace(/\\u?[0-9a-f]{0,3}$/, '')}"`) as string;
    await writeDb(t.file, db);
    expect(() => JSON.parse(readFileSync(t.file, 'utf8'))).not.toThrow();
    const store = await open(t.file);
    expect(store.report.tornTail).toBe(true);
    expect(store.get('sources', 'src_one')).toBeDefined();
    expect(store.get('sources', 'src_torn')).toBeUndefined();
    await store.transact((tx) => tx.insert('sources', source('src_after')));
    const doc = JSON.parse(readFileSync(t.file, 'utf8')) as { journal: string; sources: unknown[] };
    expect(doc.journal).not.toContain('src_torn');
    await store.close();
    const again = await open(t.file);
    expect(again.count('sources')).toBe(3);
    await again.close();
    t.cleanup();
  });

  it('loses nothing when a checkpoint runs while writes go on', async () => {
    const t = tempDb();
    const store = await open(t.file, { checkpointBytes: 16 * 1024 });
    const writes: Promise<unknown>[] = [];
    for (let round = 0; round < 20; round++) {
      // Writes issued while the checkpoint is being written reach the old file and must be carried over.
      const checkpoint = store.checkpoint();
      for (let i = 0; i < 10; i++) {
        writes.push(store.transact((tx) => tx.insert('sources', source(`src_${round}_${i}`, 'x'.repeat(300)))));
        await new Promise((resolve) => setImmediate(resolve));
      }
      writes.push(checkpoint);
      await checkpoint;
    }
    await Promise.all(writes);
    expect(store.stats().checkpoints).toBeGreaterThanOrEqual(20);
    expect(store.stats().carriedBytes).toBeGreaterThan(0);
    await store.close({ checkpoint: false });
    const reopened = await open(t.file);
    expect(reopened.count('sources')).toBe(200);
    await reopened.close();
    t.cleanup();
  });

  it('keeps a small database small: records plus the minimum journal region of 4 MiB', async () => {
    const t = tempDb();
    const store = await open(t.file);
    await store.close();
    expect(readFileSync(t.file).length).toBeLessThan(4 * 1024 * 1024 + 64 * 1024);
    t.cleanup();
  });

  it('grows the journal region for a transaction larger than the region', async () => {
    const t = tempDb();
    const store = await open(t.file, { checkpointBytes: 8 * 1024 });
    await store.transact((tx) => tx.insert('sources', source('src_big', 'é'.repeat(40_000))));
    await store.close({ checkpoint: false });
    const reopened = await open(t.file);
    expect(reopened.get('sources', 'src_big')?.title).toContain('é'.repeat(40_000));
    await reopened.close();
    t.cleanup();
  });
});

describe('files that cannot be used', () => {
  const refused = async (contents: string, message: RegExp) => {
    const t = tempDb();
    writeFileSync(t.file, contents);
    const before = fingerprint(t.file);
    const err = await open(t.file, { backups: 3 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DbFileError);
    expect((err as Error).message).toContain(t.file);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toMatch(/claimbench db restore/);
    expect(fingerprint(t.file)).toEqual(before);
    expect(existsSync(`${t.file}.lock`)).toBe(false);
    t.cleanup();
  };

  it('refuses a file that is not valid JSON and leaves it byte for byte as it was', async () => {
    await refused('{"schemaVersion": 1, "walSeq": 0, "settings": {', /not valid JSON/);
  });

  it('refuses a file that fails the schema and leaves it untouched', async () => {
    const db = emptyDb() as unknown as Record<string, unknown>;
    db.claims = [{ text: 'no id' }];
    await refused(JSON.stringify(db), /does not match the claimbench schema.*claims\[0\]/);
  });

  it('refuses a file from a newer version and leaves it untouched', async () => {
    await refused(JSON.stringify({ ...emptyDb(), schemaVersion: SCHEMA_VERSION + 1 }), /newer claimbench/);
  });

  it('refuses a journal corrupted in the middle and leaves it untouched', async () => {
    const one = encodeEntry({ seq: 1, ops: [['put', 'sources', source('src_1')]] }).toString('latin1');
    const three = encodeEntry({ seq: 3, ops: [['put', 'sources', source('src_3')]] }).toString('latin1');
    const journal = `${one}{\\"seq\\":2,\\"ops\\":[\\n${three}`;
    const text = `${JSON.stringify({ ...emptyDb() }).slice(0, -1)},\n"journal": "${journal}          "\n}\n`;
    expect(() => JSON.parse(text)).not.toThrow();
    await refused(text, /journal line 2 is corrupt/);
  });
});

describe('one owner per file', () => {
  it('refuses a second open of the same file, naming the file and the process that holds it', async () => {
    const t = tempDb();
    const first = await open(t.file);
    const err = await open(t.file).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LockedError);
    expect((err as Error).message).toContain(t.file);
    expect((err as Error).message).toContain(`process ${process.pid}`);
    await first.close();
    const second = await open(t.file);
    await second.close();
    t.cleanup();
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    const t = tempDb();
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(`${t.file}.lock`, JSON.stringify({ pid: dead, host: hostname(), since: new Date().toISOString(), purpose: 'crashed server' }));
    const store = await open(t.file);
    expect(JSON.parse(readFileSync(`${t.file}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
    await store.close();
    expect(existsSync(`${t.file}.lock`)).toBe(false);
    t.cleanup();
  });
});

describe('backups and migrations', () => {
  it('keeps only the configured number of rotating backups', async () => {
    const t = tempDb();
    for (let i = 0; i < 6; i++) {
      const store = await open(t.file, { backups: 3 });
      await store.transact((tx) => tx.insert('sources', source(`src_${i}`)));
      await store.close();
    }
    const names = readdirSync(`${t.file}.backups`);
    expect(names).toHaveLength(3);
    expect(names.every((n) => n.endsWith('-start.json'))).toBe(true);
    t.cleanup();
  });

  it('takes a backup of the old file before migrating it', async () => {
    const t = tempDb();
    const old = { ...emptyDb(), schemaVersion: 0, sources: [{ id: 'src_old', name: 'Old name' }] } as Record<string, unknown>;
    const oldText = JSON.stringify(old);
    writeFileSync(t.file, oldText);
    const store = await open(t.file, {
      backups: 2,
      migrations: {
        0: (db) => ({ ...db, sources: (db.sources as Array<{ id: string; name: string }>).map((s) => ({ id: s.id, title: s.name })) }),
      },
    });
    expect(store.report.migratedFrom).toBe(0);
    expect(store.get('sources', 'src_old')).toMatchObject({ title: 'Old name' });
    const backups = readdirSync(`${t.file}.backups`);
    const migrationBackup = backups.find((n) => n.endsWith('-before-migration-v0.json'));
    expect(migrationBackup).toBeDefined();
    expect(readFileSync(`${t.file}.backups/${migrationBackup!}`, 'utf8')).toBe(oldText);
    expect((JSON.parse(readFileSync(t.file, 'utf8')) as { schemaVersion: number }).schemaVersion).toBe(SCHEMA_VERSION);
    await store.close();
    t.cleanup();
  });

  it('refuses a file of an older version with no migration for it, without touching it', async () => {
    const t = tempDb();
    writeFileSync(t.file, JSON.stringify({ ...emptyDb(), schemaVersion: 0 }));
    const before = fingerprint(t.file);
    await expect(open(t.file)).rejects.toThrow(/cannot be migrated/);
    expect(fingerprint(t.file)).toEqual(before);
    t.cleanup();
  });
});

describe('snapshot and restore', () => {
  it('replaces the whole database and keeps it after reopening', async () => {
    const t = tempDb();
    const store = await open(t.file);
    await store.transact((tx) => tx.insert('sources', source('src_before')));
    const backup = store.snapshot();
    await store.transact((tx) => tx.insert('sources', source('src_later')));
    await store.restore(JSON.parse(JSON.stringify(backup)) as DbFile);
    expect(store.get('sources', 'src_later')).toBeUndefined();
    await store.transact((tx) => tx.insert('sources', source('src_after_restore')));
    await store.close({ checkpoint: false });
    const reopened = await open(t.file);
    expect(Array.from(reopened.all('sources')).map((s) => s.id).sort()).toEqual(['src_after_restore', 'src_before']);
    await reopened.close();
    t.cleanup();
  });
});
