import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Services } from '../../src/services.js';
import { JsonStore } from '../../src/storage/index.js';
import type { Role } from '../../src/storage/records.js';
import { toActor } from '../../src/users/service.js';
import type { Actor } from '../../src/users/types.js';

export interface TestUser {
  id: string;
  name: string;
  token: string;
  actor: Actor;
  password: string;
}

export interface TestApp {
  app: ReturnType<typeof createApp>['app'];
  services: Services;
  store: JsonStore;
  config: Config;
  dir: string;
  user(name: string, role: Role): Promise<TestUser>;
  close(): Promise<void>;
}

/** A fresh app on its own database in a temporary directory. */
export async function testApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const dir = await mkdtemp(join(tmpdir(), 'claimbench-test-'));
  const config = loadConfig({ NODE_ENV: 'test' }, { dbFile: join(dir, 'db.json'), scryptCost: 1024, backups: 0, ...overrides });
  const store = await JsonStore.open({ file: config.dbFile, purpose: 'test', backups: 0 });
  const { app, services } = createApp({ store, config, sessionSecret: 'test-session-secret-0123456789' });
  return {
    app, services, store, config, dir,
    async user(name, role) {
      const password = `${name}-password-123`;
      const u = await services.users.create({ name, role, password }, null, { bootstrap: true });
      const { token } = await services.users.createToken(u.id, 'test', null);
      return { id: u.id, name: u.name, token, actor: toActor(u), password };
    },
    async close() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** An API request with a bearer token. */
export function api(t: TestApp, user: TestUser) {
  const auth = (r: request.Test) => r.set('Authorization', `Bearer ${user.token}`).set('Accept', 'application/json');
  const agent = request(t.app);
  return {
    get: (url: string) => auth(agent.get(`/api/v1${url}`)),
    post: (url: string, body?: object) => auth(agent.post(`/api/v1${url}`)).send(body ?? {}),
    patch: (url: string, body?: object) => auth(agent.patch(`/api/v1${url}`)).send(body ?? {}),
    delete: (url: string) => auth(agent.delete(`/api/v1${url}`)),
  };
}

/** A signed-in browser-like agent: keeps cookies and reads CSRF tokens from pages. */
export async function signedIn(t: TestApp, user: TestUser) {
  const agent = request.agent(t.app);
  const login = await agent.get('/login');
  const csrf = csrfFrom(login.text);
  const res = await agent.post('/login').type('form').send({ _csrf: csrf, name: user.name, password: user.password });
  if (res.status !== 302) throw new Error(`login failed: ${res.status}`);
  return {
    agent,
    /** GETs a page and returns its CSRF token along with the response. */
    async page(url: string) {
      const r = await agent.get(url);
      return { res: r, csrf: csrfFrom(r.text) };
    },
    async post(url: string, form: Record<string, string | string[] | number>, from = '/') {
      const { csrf } = await this.page(from);
      return agent.post(url).type('form').send({ _csrf: csrf, ...form });
    },
  };
}

export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1]!;
}

export const MESSY_ARTICLE = `ExclusiveChina-US relations: Port deal stalls as Washington weighs review

WASHINGTON (Reuters) - A $4.2bn deal for a Chinese state-owned shipping group to buy a 49% stake in a U.S. container terminal has stalled, three people familiar with the matter said on Tuesday.

“We are not going to let critical infrastructure slip out of American hands,” Sen. Rebecca Hale told reporters.

Dr. Alan Whitcomb said the terminal handled 1.8 million containers last year, up 12% from 2024.

I think this is a sad day.

Read more: Treasury tightens rules on foreign stakes
© 2026 Reuters. All rights reserved.`;
