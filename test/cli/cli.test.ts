import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CLI = join(process.cwd(), 'dist/cli.js');

interface Claim {
  text: string;
  start: number;
  end: number;
  score: number;
  type: string;
  speaker: string | null;
  reasons: string[];
}

function cli(dir: string, args: string[], input?: string): Promise<{ stdout: string; stderr: string }> {
  const env = { ...process.env, CLAIMBENCH_DB: join(dir, 'db.json'), CLAIMBENCH_SCRYPT_COST: '1024', CLAIMBENCH_BACKUPS: '0', NODE_ENV: 'test' };
  const child = run(process.execPath, [CLI, ...args], { env, cwd: dir });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  return child;
}

describe('the claimbench command', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'claimbench-cli-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('extracts claims from messy text with exact offsets and no clutter', async () => {
    const file = join(dir, 'story.txt');
    await writeFile(file, `ExclusiveChina-US relations: talks stall\n\nThe U.S. economy grew 2.8% in 2024, the Commerce Department said on Jan. 30.\n\n“We will not back down,” said Dr. Jane Smith. “[The U.N.] must act now.”\n\nRead more: Markets slide as talks stall\n© 2026 Example News. All rights reserved.\n`);
    const { stdout } = await cli(dir, ['extract', file]);
    const out = JSON.parse(stdout) as { title: string | null; text: string; claims: Claim[] };
    expect(out.claims.length).toBeGreaterThanOrEqual(3);
    for (const c of out.claims) {
      expect(out.text.slice(c.start, c.end)).toBe(c.text);
      expect(typeof c.score).toBe('number');
      expect(Array.isArray(c.reasons)).toBe(true);
    }
    const texts = out.claims.map((c) => c.text);
    expect(texts).toContain('The U.S. economy grew 2.8% in 2024, the Commerce Department said on Jan. 30.');
    expect(texts.some((t) => t.includes('©') || t.startsWith('Read more'))).toBe(false);
    const growth = out.claims.find((c) => c.text.startsWith('The U.S. economy'))!;
    expect(growth.score).toBeGreaterThanOrEqual(0.5);
  });

  it('reads standard input and honours --format', async () => {
    const { stdout } = await cli(dir, ['extract', '-', '--format', 'markdown'], '# Budget vote\n\nThe council cut **£4.5m** from libraries in 2025.\n');
    const out = JSON.parse(stdout) as { title: string | null; text: string; claims: Claim[] };
    expect(out.title).toBe('Budget vote');
    expect(out.text).not.toContain('**');
    expect(out.claims.some((c) => c.text.includes('£4.5m'))).toBe(true);
  });

  it('adds a user with a token, imports in bulk and exports a report', async () => {
    const { stdout } = await cli(dir, ['user', 'add', 'alice', '--role', 'admin', '--password-stdin'], 'a-long-password-1\n');
    const user = JSON.parse(stdout) as { id: string; name: string; role: string; token: string };
    expect(user).toMatchObject({ name: 'alice', role: 'admin' });
    expect(user.token).toMatch(/^cb_/);
    const a = join(dir, 'a.txt');
    const b = join(dir, 'b.md');
    await writeFile(a, 'Unemployment fell to 4.1% in March, the statistics office said.');
    await writeFile(b, '# Port\n\nThe port handled 1.8 million containers in 2025.');
    const imported = JSON.parse((await cli(dir, ['import', a, b])).stdout) as Array<{ id: string; claims: number }>;
    expect(imported).toHaveLength(2);
    const md = await cli(dir, ['export', imported[1]!.id, '--format', 'md']);
    expect(md.stdout).toContain('# Fact-check: Port');
    expect(md.stdout).toContain('> The port handled 1.8 million containers in 2025.');
    const db = JSON.parse(await readFile(join(dir, 'db.json'), 'utf8')) as { users: Array<{ name: string }> };
    expect(db.users.map((u) => u.name)).toEqual(['alice']);
  });

  it('refuses an unknown role and a database that is not claimbench\'s, leaving the file untouched', async () => {
    await expect(cli(dir, ['user', 'add', 'bob', '--role', 'overlord'])).rejects.toMatchObject({ code: 1 });
    await writeFile(join(dir, 'db.json'), '{"not": "a database"');
    const err = await cli(dir, ['user', 'add', 'bob', '--role', 'viewer']).catch((e: { stderr: string; code: number }) => e);
    expect((err as { code: number }).code).toBe(1);
    expect((err as { stderr: string }).stderr).toContain(join(dir, 'db.json'));
    expect(await readFile(join(dir, 'db.json'), 'utf8')).toBe('{"not": "a database"');
  });

  describe('while a server holds the database', () => {
    let server: ChildProcess;
    beforeEach(async () => {
      server = spawn(process.execPath, [join(process.cwd(), 'dist/server.js')], {
        env: { ...process.env, CLAIMBENCH_DB: join(dir, 'db.json'), PORT: '0', LOG_LEVEL: 'silent', CLAIMBENCH_SCRYPT_COST: '1024', CLAIMBENCH_BACKUPS: '0', CLAIMBENCH_SESSION_SECRET: 'a-test-secret-of-enough-length' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      await new Promise<void>((resolve, reject) => {
        server.stdout!.on('data', (d: Buffer) => d.toString().includes('listening') && resolve());
        server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
      });
    });
    afterEach(async () => {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.on('exit', resolve));
    });

    it('adds users through the running server instead of writing the file', async () => {
      const { stdout } = await cli(dir, ['user', 'add', 'carol', '--role', 'editor']);
      const user = JSON.parse(stdout) as { name: string; token: string };
      expect(user.name).toBe('carol');
      const control = JSON.parse(await readFile(join(dir, 'db.json.control'), 'utf8')) as { url: string };
      const res = await fetch(`${control.url}/api/v1/me`, { headers: { authorization: `Bearer ${user.token}` } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { role: string }).role).toBe('editor');
    });

    it('refuses a restore with a message naming the file and the process', async () => {
      const backup = join(dir, 'backup.json');
      await writeFile(backup, await readFile(join(dir, 'db.json'), 'utf8'));
      const err = await cli(dir, ['db', 'restore', backup]).catch((e: { stderr: string; code: number }) => e);
      expect((err as { code: number }).code).toBe(1);
      expect((err as { stderr: string }).stderr).toMatch(new RegExp(`${String(server.pid)}`));
    });
  });
});
