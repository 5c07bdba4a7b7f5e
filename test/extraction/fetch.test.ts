import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ExtractionError, fetchArticle, isPrivateAddress } from '../../src/extraction/index.js';

let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/article') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html><body><p>Rents rose 7% in 2024.</p></body></html>');
    } else if (path === '/notes.md') {
      res.writeHead(200, { 'content-type': 'text/markdown' });
      res.end('# Notes\n\nText.');
    } else if (path.startsWith('/hop/')) {
      const n = Number(path.slice(5));
      res.writeHead(302, { location: n > 0 ? `/hop/${n - 1}` : '/article' });
      res.end();
    } else if (path === '/big') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('x'.repeat(50_000));
    } else if (path === '/slow') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('start');
      // unref: the test is over long before this fires, and it must not hold Jest open.
      setTimeout(() => res.end('late'), 2000).unref();
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('missing');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address: AddressInfo | string | null = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no port');
  base = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const allow = { timeoutMs: 1000, maxBytes: 10_000, allowPrivate: true };

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ExtractionError) return err.code;
    throw err;
  }
  return 'no error';
}

describe('fetchArticle', () => {
  it('fetches an HTML page and reports its format and final URL', async () => {
    const page = await fetchArticle(`${base}/article`, allow);
    expect(page.body).toContain('Rents rose 7%');
    expect(page.format).toBe('html');
    expect(page.contentType).toMatch(/^text\/html/);
    expect(page.finalUrl).toBe(`${base}/article`);
  });

  it('detects Markdown by content type', async () => {
    expect((await fetchArticle(`${base}/notes.md`, allow)).format).toBe('markdown');
  });

  it('follows up to five redirects and refuses a sixth', async () => {
    expect((await fetchArticle(`${base}/hop/4`, allow)).finalUrl).toBe(`${base}/article`);
    expect(await codeOf(fetchArticle(`${base}/hop/5`, allow))).toBe('too_many_redirects');
  });

  it('refuses a private address unless private addresses are allowed', async () => {
    const err = await fetchArticle(`${base}/article`, { ...allow, allowPrivate: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExtractionError);
    expect(err).toHaveProperty('code', 'url_private');
    expect(await codeOf(fetchArticle('http://localhost:1/x', { ...allow, allowPrivate: false }))).toBe('url_private');
    expect(await codeOf(fetchArticle('http://[::ffff:127.0.0.1]:1/x', { ...allow, allowPrivate: false }))).toBe('url_private');
  });

  it('refuses schemes other than http and https', async () => {
    expect(await codeOf(fetchArticle('file:///etc/passwd', allow))).toBe('url_scheme');
    expect(await codeOf(fetchArticle('ftp://example.com/a', allow))).toBe('url_scheme');
    expect(await codeOf(fetchArticle('not a url', allow))).toBe('url_invalid');
  });

  it('stops reading past the byte limit', async () => {
    const err = await fetchArticle(`${base}/big`, allow).catch((e: unknown) => e);
    expect(err).toHaveProperty('code', 'too_large');
    expect(err).toHaveProperty('message', expect.stringContaining('10000-byte limit'));
  });

  it('gives up after the timeout', async () => {
    expect(await codeOf(fetchArticle(`${base}/slow`, { ...allow, timeoutMs: 200 }))).toBe('timeout');
  });

  it('reports an HTTP error status', async () => {
    expect(await codeOf(fetchArticle(`${base}/nope`, allow))).toBe('http_status');
  });
});

describe('isPrivateAddress', () => {
  it('flags loopback, private, link-local, unique-local, CGNAT, multicast and unspecified addresses', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '224.0.0.1', '0.0.0.0', '::', '::1', 'fd00::1', 'fe80::1', 'ff02::1', '::ffff:10.0.0.1', '::ffff:7f00:1']) {
      expect(isPrivateAddress(a)).toBe(true);
    }
  });

  it('allows public addresses', () => {
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect(isPrivateAddress(a)).toBe(false);
  });
});
