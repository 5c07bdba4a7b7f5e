import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, found } from '../errors.js';
import { newId, type Store, type Tx } from '../storage/index.js';
import { ROLES, type Role, type TokenRecord, type UserRecord } from '../storage/records.js';
import { parse } from '../validation.js';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.js';
import { hasRole, type Actor } from './types.js';

export const userNameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,31}$/, 'Use 2-32 letters, digits, dots, dashes or underscores, starting with a letter or digit.');
export const passwordSchema = z.string().min(10, 'Use at least 10 characters.').max(200);

export const createUserCommand = z.object({
  name: userNameSchema,
  displayName: z.string().trim().max(80).optional(),
  role: z.enum(ROLES),
  password: passwordSchema.optional(),
});
export type CreateUserCommand = z.input<typeof createUserCommand>;

export const updateUserCommand = z.object({
  version: z.coerce.number().int().positive(),
  displayName: z.string().trim().min(1).max(80).optional(),
  role: z.enum(ROLES).optional(),
  active: z.boolean().optional(),
});

/** What history and API responses show of a user: never the password hash. */
export function publicUser(u: UserRecord) {
  return { id: u.id, name: u.name, displayName: u.displayName, role: u.role, active: u.active, version: u.version, createdAt: u.createdAt };
}

const TOKEN_PREFIX = 'cb_';
export const hashToken = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export class UsersService {
  constructor(
    private readonly store: Store,
    private readonly scryptCost: number,
  ) {}

  count(): number {
    return this.store.count('users');
  }

  get(id: string): UserRecord | undefined {
    return this.store.get('users', id);
  }

  require(id: string): UserRecord {
    return found(this.get(id), 'User');
  }

  byName(name: string): UserRecord | undefined {
    return this.store.find('users', 'name', name.trim().toLowerCase())[0];
  }

  list(): UserRecord[] {
    return Array.from(this.store.all('users')).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Display name for history and pages; deactivated users keep theirs. */
  label(id: string | null): string {
    if (!id || id === 'system') return 'claimbench';
    const u = this.get(id);
    return u ? u.displayName : 'unknown user';
  }

  /**
   * Creates a user. `actor` null is allowed only for the very first account (the setup page) and for
   * the local CLI, which has the database file itself.
   */
  async create(input: CreateUserCommand | Record<string, unknown>, actor: Actor | null, opts: { bootstrap?: boolean } = {}): Promise<UserRecord> {
    const cmd = parse(createUserCommand, input);
    if (actor && !hasRole(actor, 'admin')) throw new ForbiddenError('Only an admin can create users.');
    if (!actor && !opts.bootstrap) throw new ForbiddenError('Only an admin can create users.');
    const passwordHash = cmd.password ? await hashPassword(cmd.password, this.scryptCost) : null;
    return this.store.transact((tx) => insertUser(tx, cmd, passwordHash, actor));
  }

  /** The first admin, from the setup page: refused once any user exists. */
  async createFirstAdmin(input: { name: string; displayName?: string; password: string }): Promise<UserRecord> {
    const cmd = parse(createUserCommand, { ...input, role: 'admin' });
    if (!cmd.password) throw new BadRequestError('A password is required.');
    const passwordHash = await hashPassword(cmd.password, this.scryptCost);
    return this.store.transact((tx) => {
      if (tx.count('users') > 0) throw new ForbiddenError('Setup is already done: sign in instead.');
      return insertUser(tx, cmd, passwordHash, null);
    });
  }

  /** Returns the user when name and password match an active account; null otherwise, in constant-ish time. */
  async authenticate(name: string, password: string): Promise<UserRecord | null> {
    const user = this.byName(name);
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    return ok && user && user.active ? user : null;
  }

  async update(id: string, input: z.input<typeof updateUserCommand>, actor: Actor): Promise<UserRecord> {
    if (!hasRole(actor, 'admin')) throw new ForbiddenError('Only an admin can change users.');
    const cmd = parse(updateUserCommand, input);
    return this.store.transact((tx) => {
      const user = tx.get('users', id);
      if (!user) throw new NotFoundError('User');
      if (user.version !== cmd.version) throw new ConflictError('This user was changed by someone else since you loaded it.', publicUser(user));
      if (user.id === actor.id && ((cmd.role && cmd.role !== 'admin') || cmd.active === false)) {
        throw new BadRequestError('You cannot remove your own admin role or deactivate yourself.');
      }
      const next: UserRecord = {
        ...user,
        displayName: cmd.displayName ?? user.displayName,
        role: cmd.role ?? user.role,
        active: cmd.active ?? user.active,
        updatedAt: new Date().toISOString(),
        version: user.version + 1,
      };
      tx.replace('users', next);
      tx.audit({ actor, entity: 'user', entityId: id, action: 'update', before: publicUser(user), after: publicUser(next) });
      return next;
    });
  }

  async setPassword(id: string, password: string, actor: Actor): Promise<void> {
    if (actor.id !== id && !hasRole(actor, 'admin')) throw new ForbiddenError('Only an admin can reset other users\' passwords.');
    const pw = parse(passwordSchema, password);
    const passwordHash = await hashPassword(pw, this.scryptCost);
    await this.store.transact((tx) => {
      const user = tx.get('users', id);
      if (!user) throw new NotFoundError('User');
      tx.replace('users', { ...user, passwordHash, updatedAt: new Date().toISOString(), version: user.version + 1 });
      tx.audit({ actor, entity: 'user', entityId: id, action: 'password-reset', before: null, after: null });
    });
  }

  /** Creates a personal API token; the secret is returned once and only its hash is stored. */
  async createToken(userId: string, label: string, actor: Actor | null): Promise<{ token: string; record: TokenRecord }> {
    if (actor && actor.id !== userId && !hasRole(actor, 'admin')) throw new ForbiddenError('You can only create tokens for yourself.');
    const secret = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const record = await this.store.transact((tx) => {
      const user = tx.get('users', userId);
      if (!user) throw new NotFoundError('User');
      const rec: TokenRecord = {
        id: newId('tok'), userId, label: label.trim().slice(0, 80) || 'API token', hash: hashToken(secret),
        createdAt: new Date().toISOString(), revokedAt: null, lastUsedAt: null,
      };
      tx.insert('tokens', rec);
      tx.audit({ actor: actor ?? { id: user.id, name: user.displayName }, entity: 'token', entityId: rec.id, action: 'create', before: null, after: { userId, label: rec.label } });
      return rec;
    });
    return { token: secret, record };
  }

  tokensOf(userId: string): TokenRecord[] {
    return this.store.find('tokens', 'userId', userId);
  }

  async revokeToken(tokenId: string, actor: Actor): Promise<void> {
    await this.store.transact((tx) => {
      const tok = tx.get('tokens', tokenId);
      if (!tok) throw new NotFoundError('Token');
      if (tok.userId !== actor.id && !hasRole(actor, 'admin')) throw new ForbiddenError('You can only revoke your own tokens.');
      if (tok.revokedAt) return;
      tx.replace('tokens', { ...tok, revokedAt: new Date().toISOString() });
      tx.audit({ actor, entity: 'token', entityId: tokenId, action: 'revoke', before: { revokedAt: null }, after: { revokedAt: 'now' } });
    });
  }

  /** The active user a bearer token belongs to, or null. */
  userForToken(secret: string): UserRecord | null {
    if (!secret.startsWith(TOKEN_PREFIX)) return null;
    const tok = this.store.find('tokens', 'hash', hashToken(secret))[0];
    if (!tok || tok.revokedAt) return null;
    const user = this.get(tok.userId);
    return user && user.active ? user : null;
  }
}

/** Inserts a new account; a user created without an acting admin is recorded as creating itself. */
function insertUser(tx: Tx, cmd: z.output<typeof createUserCommand>, passwordHash: string | null, actor: Actor | null): UserRecord {
  if (tx.find('users', 'name', cmd.name).length) throw new ConflictError(`The user name "${cmd.name}" is taken.`);
  const now = new Date().toISOString();
  const user: UserRecord = {
    id: newId('usr'), name: cmd.name, displayName: cmd.displayName || cmd.name, role: cmd.role, passwordHash,
    active: true, createdAt: now, updatedAt: now, version: 1,
  };
  tx.insert('users', user);
  tx.audit({ actor: actor ?? { id: user.id, name: user.displayName }, entity: 'user', entityId: user.id, action: 'create', before: null, after: publicUser(user) });
  return user;
}

export function toActor(u: UserRecord): Actor {
  return { id: u.id, name: u.displayName, role: u.role };
}
