import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JsonStore, verifyHistory } from '../../src/storage/index.js';
import { tempDb } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const build = join(root, 'node_modules/.cache/claimbench-storage/index.js');

/** Runs the writer until it has been up for `ms`, SIGKILLs it, and returns the ids it acknowledged. */
function runAndKill(file: string, ms: number): Promise<string[]> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(here, 'fixtures/crash-writer.mjs'), build, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: string[] = [];
    let buffered = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('ack ')) acked.push(line.slice(4));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`writer exited early (code ${code}): ${stderr}`));
      else resolvePromise(acked);
    });
  });
}

describe('crash safety', () => {
  const t = tempDb();

  beforeAll(() => {
    // The writer runs in its own node process, so it needs plain JS: build just src/storage.
    execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', join(here, 'fixtures/tsconfig.json')], { cwd: root, stdio: 'pipe' });
  }, 60_000);

  afterAll(() => t.cleanup());

  it('keeps db.json valid JSON with every acknowledged write after SIGKILL at random moments', async () => {
    const acked: string[] = [];
    for (let round = 0; round < 8; round++) {
      // Some kills land while the writer is still recovering from the previous one.
      const ms = round === 3 ? 120 : 250 + Math.floor(Math.random() * 600);
      const ids = await runAndKill(t.file, ms);
      acked.push(...ids);

      const raw = readFileSync(t.file, 'utf8');
      expect(() => JSON.parse(raw)).not.toThrow();
      const missingRaw = ids.filter((id) => !raw.includes(id));
      expect(missingRaw).toEqual([]);

      const store = await JsonStore.open({ file: t.file, purpose: 'crash test check', readOnly: true });
      const missing = acked.filter((id) => !store.get('sources', id));
      expect(missing).toEqual([]);
      expect(verifyHistory(store.all('history')).ok).toBe(true);
      await store.close();
    }
    expect(acked.length).toBeGreaterThan(50);
  }, 30_000);
});
