/**
 * Fetching an article by URL without letting the server be used to reach private networks: every
 * hop's host is resolved here, each address is checked, and the connection is pinned to the checked
 * address so that a second DNS answer cannot swap in a private one.
 */
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import type { ArticleFormat } from '../storage/records.js';
import { ExtractionError } from './errors.js';

export interface FetchOptions {
  timeoutMs: number;
  maxBytes: number;
  allowPrivate: boolean;
}

export interface FetchedArticle {
  body: string;
  contentType: string;
  finalUrl: string;
  format: ArticleFormat;
}

const MAX_REDIRECTS = 5;

const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8], ['2001:db8::', 32],
  ['100::', 64], ['2001::', 32], ['2002::', 16],
] as const) BLOCKED.addSubnet(net, prefix, 'ipv6');

/** The IPv4 address inside an IPv4-mapped, -compatible or NAT64 IPv6 address, if any. */
function embeddedIPv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|::|64:ff9b::)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(lower);
  if (dotted?.[1]) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex?.[1] && hex[2]) {
    const hi = parseInt(hex[1], 16);
    const lo = parseInt(hex[2], 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return null;
}

/** True for loopback, private, link-local, unique-local, CGNAT, multicast, reserved and unspecified addresses. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, 'ipv4');
  if (family === 6) {
    const v4 = embeddedIPv4(address);
    if (v4 !== null) return BLOCKED.check(v4, 'ipv4');
    return BLOCKED.check(address, 'ipv6');
  }
  return true;
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ExtractionError('url_invalid', 'That is not a valid web address.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ExtractionError('url_scheme', `Only http and https addresses can be fetched (got ${url.protocol.replace(/:$/, '')}).`);
  }
  if (url.username || url.password) throw new ExtractionError('url_invalid', 'Addresses with a user name or password cannot be fetched.');
  return url;
}

async function resolveHost(url: URL, allowPrivate: boolean): Promise<{ address: string; family: number }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: Array<{ address: string; family: number }>;
  try {
    addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true, verbatim: true });
  } catch {
    throw new ExtractionError('dns', `The host ${host} could not be found.`);
  }
  const first = addresses[0];
  if (!first) throw new ExtractionError('dns', `The host ${host} has no address.`);
  if (!allowPrivate && addresses.some((a) => isPrivateAddress(a.address))) {
    throw new ExtractionError('url_private', `${host} points to a private or local network address, which is not allowed.`);
  }
  return first;
}

function formatOf(contentType: string, url: URL): ArticleFormat {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type === 'text/markdown' || type === 'text/x-markdown' || /\.(md|markdown)$/i.test(url.pathname)) return 'markdown';
  return 'text';
}

function charsetOf(contentType: string): string {
  const m = /charset="?([\w-]+)"?/i.exec(contentType);
  return m?.[1] ?? 'utf-8';
}

interface Hop {
  status: number;
  location: string | null;
  contentType: string;
  body: Buffer;
}

function request(url: URL, pinned: { address: string; family: number }, opts: FetchOptions, signal: AbortSignal): Promise<Hop> {
  const pin: LookupFunction = (_host, options, callback) => {
    if (options.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<Hop>((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'GET',
        lookup: pin,
        signal,
        headers: { 'user-agent': 'claimbench/0.1 (+fact-checking workbench)', accept: 'text/html,text/plain,text/markdown;q=0.9,*/*;q=0.5' },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const location = typeof res.headers.location === 'string' ? res.headers.location : null;
        const contentType = typeof res.headers['content-type'] === 'string' ? res.headers['content-type'] : '';
        if (status >= 300 && status < 400 && location) {
          res.resume();
          resolve({ status, location, contentType, body: Buffer.alloc(0) });
          return;
        }
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > opts.maxBytes) {
          res.destroy();
          reject(tooLarge(opts.maxBytes));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > opts.maxBytes) {
            res.destroy();
            req.destroy();
            reject(tooLarge(opts.maxBytes));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => resolve({ status, location, contentType, body: Buffer.concat(chunks) }));
        res.on('error', (err) => reject(err));
      },
    );
    req.on('error', (err) => reject(err));
    req.end();
  });
}

function tooLarge(maxBytes: number): ExtractionError {
  return new ExtractionError('too_large', `The page is larger than the ${maxBytes}-byte limit; it was not read past that point.`);
}

/** Fetches an article page, refusing private addresses (unless allowed), following at most 5 checked redirects. */
export async function fetchArticle(rawUrl: string, opts: FetchOptions): Promise<FetchedArticle> {
  let url = parseUrl(rawUrl);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), Math.max(1, opts.timeoutMs));
  try {
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const pinned = await resolveHost(url, opts.allowPrivate);
      if (controller.signal.aborted) throw timeoutError(opts.timeoutMs);
      let res: Hop;
      try {
        res = await request(url, pinned, opts, controller.signal);
      } catch (err) {
        if (err instanceof ExtractionError) throw err;
        if (controller.signal.aborted) throw timeoutError(opts.timeoutMs);
        throw new ExtractionError('network', `The page could not be fetched: ${err instanceof Error ? err.message : String(err)}.`);
      }
      if (res.location !== null && res.status >= 300 && res.status < 400) {
        let next: URL;
        try {
          next = new URL(res.location, url);
        } catch {
          throw new ExtractionError('url_invalid', 'The page redirected to an invalid address.');
        }
        url = parseUrl(next.href);
        continue;
      }
      if (res.status < 200 || res.status >= 300) {
        throw new ExtractionError('http_status', `The server answered with HTTP status ${res.status}.`);
      }
      let decoder: TextDecoder;
      try {
        decoder = new TextDecoder(charsetOf(res.contentType));
      } catch {
        decoder = new TextDecoder('utf-8');
      }
      return { body: decoder.decode(res.body), contentType: res.contentType, finalUrl: url.href, format: formatOf(res.contentType, url) };
    }
    throw new ExtractionError('too_many_redirects', `The page redirected more than ${MAX_REDIRECTS} times.`);
  } finally {
    clearTimeout(timer);
  }
}

function timeoutError(ms: number): ExtractionError {
  return new ExtractionError('timeout', `The page did not arrive within ${ms} ms.`);
}
