import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { emptyDb, JsonStore } from '../../src/storage/index.js';
import { parseByLines } from '../../src/storage/line-reader.js';
import { source, tempDb } from './helpers.js';

describe('reading db.json line by line', () => {
  it('gives exactly what JSON.parse gives for a file the store wrote, journal included', async () => {
    const { file, cleanup } = tempDb();
    try {
      const store = await JsonStore.open({ file, purpose: 'test', backups: 0 });
      await store.transact((tx) => {
        tx.insert('sources', source('src_a'));
        tx.insert('sources', source('src_b', 'second'));
      });
      await store.checkpoint();
      await store.transact((tx) => tx.insert('sources', source('src_c', 'after the checkpoint')));
      await store.close({ checkpoint: false });
      const raw = readFileSync(file);
      const byLines = parseByLines(raw);
      expect(byLines).not.toBeNull();
      expect(byLines).toEqual(JSON.parse(raw.toString('utf8')));
      expect(String((byLines as { journal: string }).journal)).toContain('src_c');
    } finally {
      cleanup();
    }
  });

  it('declines a file laid out differently, so the whole-file parser reads it instead', () => {
    const db = { ...emptyDb(), journal: '' };
    expect(parseByLines(Buffer.from(JSON.stringify(db)))).toBeNull();
    expect(parseByLines(Buffer.from(JSON.stringify(db, null, 2)))).toBeNull();
    expect(parseByLines(Buffer.from(''))).toBeNull();
  });

  it('still opens a valid database that a person reformatted by hand', async () => {
    const { file, cleanup } = tempDb();
    try {
      const db = { ...emptyDb(), sources: [source('src_x')] };
      writeFileSync(file, JSON.stringify(db, null, 2));
      const store = await JsonStore.open({ file, purpose: 'test', backups: 0 });
      expect(store.get('sources', 'src_x')?.url).toBe('https://example.org/src_x');
      await store.close();
    } finally {
      cleanup();
    }
  });
});

describe('a database without journal space (as shipped in the repository)', () => {
  it('opens, takes writes, and keeps them', async () => {
    const { file, cleanup } = tempDb();
    try {
      const first = await JsonStore.open({ file, purpose: 'test', backups: 0 });
      await first.transact((tx) => tx.insert('sources', source('src_a')));
      await first.close();
      writeFileSync(file, readFileSync(file, 'utf8').replace(/"journal": " *"\n\}\n$/, '"journal": ""\n}\n'));
      expect(readFileSync(file, 'utf8').endsWith('"journal": ""\n}\n')).toBe(true);
      const second = await JsonStore.open({ file, purpose: 'test', backups: 0 });
      await second.transact((tx) => tx.insert('sources', source('src_b')));
      await second.close({ checkpoint: false });
      const third = await JsonStore.open({ file, purpose: 'test', backups: 0 });
      expect(third.get('sources', 'src_a')).toBeDefined();
      expect(third.get('sources', 'src_b')).toBeDefined();
      await third.close();
      expect(() => JSON.parse(readFileSync(file, 'utf8'))).not.toThrow();
    } finally {
      cleanup();
    }
  });
});

describe('the start-up backup taken in the background', () => {
  it('is an exact copy of the file as opened, because writes wait for it', async () => {
    const { file, cleanup } = tempDb();
    try {
      const first = await JsonStore.open({ file, purpose: 'test', backups: 0 });
      await first.transact((tx) => tx.insert('sources', source('src_a')));
      await first.close();
      const opened = readFileSync(file);
      const store = await JsonStore.open({ file, purpose: 'test', backups: 2, backupInBackground: true });
      await store.transact((tx) => tx.insert('sources', source('src_b')));
      expect(store.report.backup).toBeTruthy();
      expect(readFileSync(store.report.backup!)).toEqual(opened);
      expect(store.get('sources', 'src_b')).toBeDefined();
      await store.close();
    } finally {
      cleanup();
    }
  });
});
