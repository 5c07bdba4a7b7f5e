import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { emptyDb, JsonStore } from '../../src/storage/index.js';
import { readByLines } from '../../src/storage/line-reader.js';
import { source, tempDb } from './helpers.js';

async function readFileByLines(file: string) {
  const handle = await open(file, 'r');
  try {
    return await readByLines(handle, (await handle.stat()).size);
  } finally {
    await handle.close();
  }
}

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
      const read = await readFileByLines(file);
      expect(read).not.toBeNull();
      expect(read!.parsed).toEqual(JSON.parse(raw.toString('utf8')));
      expect(String(read!.parsed.journal)).toContain('src_c');
      // The layout appends continue from: entries, then only spaces up to the closing quote.
      const { regionStart, regionSize, used } = read!.journal;
      expect(raw.toString('latin1', regionStart, regionStart + used)).toContain('src_c');
      expect(raw.toString('latin1', regionStart + used, regionStart + regionSize).trim()).toBe('');
      expect(raw.toString('latin1', regionStart + regionSize)).toBe('"\n}\n');
    } finally {
      cleanup();
    }
  });

  it('declines a file laid out differently, so the whole-file parser reads it instead', async () => {
    const { file, cleanup } = tempDb();
    try {
      const db = { ...emptyDb(), journal: '' };
      for (const text of [JSON.stringify(db), JSON.stringify(db, null, 2), '']) {
        writeFileSync(file, text);
        expect(await readFileByLines(file)).toBeNull();
      }
    } finally {
      cleanup();
    }
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
