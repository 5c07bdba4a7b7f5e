import { z } from 'zod';

/** An absolute http or https URL; any other scheme (javascript:, data:, file:) is refused. */
export const httpUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
    } catch {
      return false;
    }
  }, 'Use an http:// or https:// address.');

const TRACKING = /^(utm_[a-z]+|fbclid|gclid|dclid|mc_cid|mc_eid|ocid|cmpid|smid|ref_src|igshid)$/i;

/**
 * The key that makes the same page one source: lower-case scheme and host, no "www.", no default
 * port, no fragment, no tracking parameters, remaining parameters sorted, no trailing slash.
 * http and https count as the same page.
 */
export function normalizeUrl(raw: string): string {
  const u = new URL(raw.trim());
  const host = u.hostname.toLowerCase().replace(/^www\./, '');
  const port = u.port && !['80', '443'].includes(u.port) ? `:${u.port}` : '';
  const params = Array.from(u.searchParams.entries())
    .filter(([k]) => !TRACKING.test(k))
    .sort(([a], [b]) => a.localeCompare(b));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  let path = u.pathname.replace(/\/{2,}/g, '/');
  if (path.length > 1) path = path.replace(/\/$/, '');
  if (path === '/') path = '';
  return `${host}${port}${path}${query}`;
}
