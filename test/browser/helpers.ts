/**
 * Shared set-up for the real-browser tests: one Chromium per test file, the app in-process on a
 * temporary database, and sign-in through the real login form.
 *
 * The project's tsconfig has no DOM lib (the code is server-side), so code that runs inside the page
 * is passed to `page.evaluate` as a string expression; results come back as `unknown` and are checked.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type ConsoleMessage, type Page } from 'playwright-core';
import type { Config } from '../../src/config.js';
import { testApp, type TestApp, type TestUser } from '../helpers/app.js';

/** The system Chromium (Debian package `chromium`), or CHROMIUM_PATH; never a Playwright-downloaded browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const LAUNCH_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

/** Launches Chromium, or fails loudly: a browser suite that skips itself silently proves nothing. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `The browser tests need Chromium at ${CHROMIUM_PATH}, and it is missing. Install it with ` +
        '`apt-get install chromium` (Debian/Ubuntu) and run the tests again. Do not run `playwright install`.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: LAUNCH_ARGS });
}

export interface Harness {
  t: TestApp;
  browser: Browser;
  server: Server;
  /** http://127.0.0.1:PORT, no trailing slash. */
  base: string;
  close(): Promise<void>;
}

/** Listens on a free loopback port; resolves with the base URL once the server accepts connections. */
export function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve(`http://127.0.0.1:${port}`);
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** A fresh app on its own temporary database, served on a free port, and one browser. */
export async function startHarness(overrides: Partial<Config> = {}): Promise<Harness> {
  const t = await testApp(overrides);
  const server = createServer(t.app);
  const base = await listen(server);
  let browser: Browser;
  try {
    browser = await launchBrowser();
  } catch (err) {
    await closeServer(server);
    await t.close();
    throw err;
  }
  return {
    t, browser, server, base,
    async close() {
      await browser.close().catch(() => undefined);
      await closeServer(server);
      await t.close();
    },
  };
}

/** Problems the browser reports on its own: CSP refusals, script errors, failed requests. */
export interface PageProblems {
  console: string[];
  pageErrors: string[];
}

/** Records console errors and uncaught exceptions on a page, for assertions and for failure messages. */
export function watchProblems(page: Page): PageProblems {
  const problems: PageProblems = { console: [], pageErrors: [] };
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') problems.console.push(m.text());
  });
  page.on('pageerror', (err) => problems.pageErrors.push(String(err)));
  return problems;
}

/**
 * A new browser context (its own cookies). Waits are short: a page here answers in milliseconds, and a
 * missing element should fail its test in seconds with Playwright's message, not at Jest's timeout.
 */
export async function newContext(h: Harness, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await h.browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  context.setDefaultTimeout(5_000);
  context.setDefaultNavigationTimeout(10_000);
  return context;
}

/** A new browser context with one page, signed in through the login form. */
export async function signIn(h: Harness, user: Pick<TestUser, 'name' | 'password'>, options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(h, options);
  const page = await context.newPage();
  await page.goto(`${h.base}/login`);
  await page.getByLabel('User name').fill(user.name);
  await page.getByLabel('Password').fill(user.password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.getByRole('button', { name: 'Sign in' }).click()]);
  return { context, page };
}

/** Evaluates a string expression in the page and returns it as a number (or throws). */
export async function evalNumber(page: Page, expression: string): Promise<number> {
  const v: unknown = await page.evaluate(expression);
  if (typeof v !== 'number') throw new Error(`expected a number from ${expression}, got ${JSON.stringify(v)}`);
  return v;
}

/** A realistic news text with the clutter the extractor must cope with. */
export const NEWS_TEXT = `Exclusive: Harbour deal stalls as Washington weighs review

WASHINGTON (Reuters) - A $4.2bn deal for a Chinese state-owned shipping group to buy a 49% stake in a U.S. container terminal has stalled, three people familiar with the matter said on Tuesday.

“We are not going to let critical infrastructure slip out of American hands,” Sen. Rebecca Hale told reporters on Tuesday.

The terminal handled 1.8 million containers last year, up 12% from 2024, according to the port authority.

Unemployment in the county fell to 4.1% in March, the lowest level since 2019, the state statistics office said.

Read more: Treasury tightens rules on foreign stakes
© 2026 Reuters. All rights reserved.`;

/**
 * Runs an action that loads a new document (a form post and its redirect, a link) and waits for it.
 * `waitForURL` alone is not enough when the page posts back to its own URL.
 */
export async function navigating(page: Page, action: () => Promise<unknown>): Promise<void> {
  const nav = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
  await action();
  await nav;
  await page.waitForLoadState('load');
}
