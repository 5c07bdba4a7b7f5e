import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backupDatabase, checkDatabase, JsonStore, LockedError, restoreDatabase } from '../../src/storage/index.js';
import { fingerprint, source, tempDb } from './helpers.js';

async function populated(file: string, ids: string[]): Promise<JsonStore> {
  const store = await JsonStore.open({ file, purpose: 'admin test', backups: 0 });
  for (const id of ids) {
    await store.transact((tx) => {
      tx.insert('sources', source(id));
      tx.audit({ actor: null, entity: 'source', entityId: id, action: 'create', before: null, after: null });
    });
  }
  return store;
}

describe('db check', () => {
  it('reports counts, journal and history of a healthy database without writing to it', async () => {
    const t = tempDb();
    const store = await populated(t.file, ['src_a', 'src_b']);
    await store.close({ checkpoint: false });
    const before = fingerprint(t.file);
    const report = await checkDatabase(t.file);
    expect(report.ok).toBe(true);
    expect(report.records.sources).toBe(2);
    expect(report.journal?.replayed).toBe(2);
    expect(report.history?.ok).toBe(true);
    expect(fingerprint(t.file)).toEqual(before);
    expect(existsSync(`${t.file}.lock`)).toBe(false);
    t.cleanup();
  });

  it('reports a file that is not JSON as a problem', async () => {
    const t = tempDb();
    writeFileSync(t.file, '{ nope');
    const report = await checkDatabase(t.file);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatch(/not valid JSON/);
    t.cleanup();
  });

  it('reports a history chain that was tampered with', async () => {
    const t = tempDb();
    const store = await populated(t.file, ['src_a', 'src_b']);
    await store.close();
    const doc = JSON.parse(readFileSync(t.file, 'utf8')) as { history: Array<{ action: string }> };
    doc.history[0]!.action = 'delete';
    writeFileSync(t.file, JSON.stringify(doc));
    const report = await checkDatabase(t.file);
    expect(report.ok).toBe(false);
    expect(report.problems.join()).toMatch(/history chain is broken at entry 1/);
    t.cleanup();
  });
});

describe('db backup and restore', () => {
  it('copies a database that a live process holds, as it is, and says so', async () => {
    const t = tempDb();
    const store = await populated(t.file, ['src_a']);
    const dest = join(t.dir, 'copy.json');
    const result = await backupDatabase(t.file, dest);
    expect(result.live).toBe(true);
    expect(result.message).toContain(`Process ${process.pid}`);
    expect((await checkDatabase(dest)).records.sources).toBe(1);
    await store.close();
    t.cleanup();
  });

  it('refuses to restore while a live process holds the database', async () => {
    const t = tempDb();
    const store = await populated(t.file, ['src_a']);
    const { backup } = await backupDatabase(t.file);
    await expect(restoreDatabase(t.file, backup)).rejects.toBeInstanceOf(LockedError);
    await store.close();
    t.cleanup();
  });

  it('restores a backup and keeps the replaced file as a backup', async () => {
    const t = tempDb();
    let store = await populated(t.file, ['src_a']);
    await store.close();
    const { backup } = await backupDatabase(t.file);
    store = await populated(t.file, ['src_b']);
    await store.close();
    const result = await restoreDatabase(t.file, backup);
    expect(result.previous).not.toBeNull();
    expect((await checkDatabase(result.previous!)).records.sources).toBe(2);
    store = await JsonStore.open({ file: t.file, purpose: 'admin test', backups: 0 });
    expect(store.get('sources', 'src_a')).toBeDefined();
    expect(store.get('sources', 'src_b')).toBeUndefined();
    await store.close();
    t.cleanup();
  });

  it('refuses to restore a backup that does not check out, leaving the database as it was', async () => {
    const t = tempDb();
    const store = await populated(t.file, ['src_a']);
    await store.close();
    const bad = join(t.dir, 'bad.json');
    writeFileSync(bad, '{"schemaVersion": 99}');
    const before = fingerprint(t.file);
    await expect(restoreDatabase(t.file, bad)).rejects.toThrow(/cannot be restored.*newer claimbench/);
    expect(fingerprint(t.file)).toEqual(before);
    expect(existsSync(`${t.file}.backups`) ? readdirSync(`${t.file}.backups`) : []).toEqual([]);
    t.cleanup();
  });
});
