import { randomBytes } from 'node:crypto';

/**
 * Record ids: a short type prefix and 72 random bits (base64url). Ids are never derived from counts,
 * so deleting records or merging databases cannot produce a collision; the store still refuses an
 * insert whose id exists.
 */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(9).toString('base64url')}`;
}
