import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import type { Actor } from '../users/types.js';

/**
 * The local control channel. Only one process may write a database, so while the server runs, the
 * CLI's writes go through it: the server writes `<db>.control` (mode 0600: readable only by the
 * account that runs it) with its URL and a random secret, and accepts that secret as an admin
 * bearer token. The file is removed when the server stops and the secret changes at every start.
 */
export interface ControlInfo {
  pid: number;
  url: string;
  token: string;
}

export const CONTROL_ACTOR: Actor = { id: 'system', name: 'claimbench CLI', role: 'admin' };

export class ControlChannel {
  readonly token = `cbc_${randomBytes(32).toString('base64url')}`;
  private written = false;

  constructor(private readonly dbFile: string) {}

  get path(): string {
    return `${this.dbFile}.control`;
  }

  publish(url: string): void {
    const info: ControlInfo = { pid: process.pid, url, token: this.token };
    writeFileSync(this.path, JSON.stringify(info), { mode: 0o600 });
    this.written = true;
    process.once('exit', () => this.remove());
  }

  remove(): void {
    if (!this.written) return;
    this.written = false;
    try {
      unlinkSync(this.path);
    } catch {
      // Already gone.
    }
  }

  matches(candidate: string): boolean {
    const a = Buffer.from(candidate);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

export function readControl(dbFile: string): ControlInfo | null {
  try {
    return JSON.parse(readFileSync(`${dbFile}.control`, 'utf8')) as ControlInfo;
  } catch {
    return null;
  }
}
