import type { Role } from '../storage/records.js';

/** Who is acting: passed into every service call that changes something, recorded in history. */
export interface Actor {
  id: string;
  name: string;
  role: Role;
}

/** Role order: each role can do everything the ones after it can. */
const RANK: Record<Role, number> = { admin: 4, editor: 3, reviewer: 2, viewer: 1 };

export function hasRole(actor: Pick<Actor, 'role'> | null | undefined, needed: Role): boolean {
  return !!actor && RANK[actor.role] >= RANK[needed];
}
