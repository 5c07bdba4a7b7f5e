import { z } from 'zod';
import { BadRequestError, ConflictError, ForbiddenError } from '../errors.js';
import { settingsSchema, type Store } from '../storage/index.js';
import type { ScaleEntry, Settings } from '../storage/records.js';
import { hasRole, type Actor } from '../users/types.js';
import { parse } from '../validation.js';

const list = z.union([z.string(), z.array(z.string())]).optional().transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

/** The settings form: the scale as parallel lists of fields, one entry per row; blank rows are dropped. */
export const settingsForm = z.object({
  version: z.coerce.number().int().positive(),
  orgName: z.string().trim().min(1).max(120),
  orgUrl: z.string().trim().url(),
  reviewsPerClaim: z.coerce.number().int().min(1).max(5),
  adjudication: z.enum(['disagreement', 'always']),
  minSourcesForExtremes: z.coerce.number().int().min(0).max(10),
  requireRationale: z.enum(['yes', 'no']).optional(),
  key: list,
  label: list,
  rank: list,
  value: list,
  colour: list,
});

export class SettingsService {
  constructor(private readonly store: Store) {}

  get(): Settings {
    return this.store.settings;
  }

  /** Keys of the scale that claims or reviews use: they cannot be removed. */
  keysInUse(): Set<string> {
    const used = new Set<string>();
    for (const c of this.store.all('claims')) if (c.verdict) used.add(c.verdict);
    for (const r of this.store.all('reviews')) used.add(r.verdict);
    return used;
  }

  /**
   * Saves settings. Past verdicts keep their keys; a key in use cannot be removed (rename its label
   * instead), and published reports keep the scale entry they were published with.
   */
  async update(input: unknown, actor: Actor): Promise<Settings> {
    if (!hasRole(actor, 'admin')) throw new ForbiddenError('Only an admin can change settings.');
    const form = parse(settingsForm, input);
    const scale: ScaleEntry[] = [];
    form.key.forEach((rawKey, i) => {
      const key = rawKey.trim().toLowerCase();
      const label = (form.label[i] ?? '').trim();
      if (!key && !label) return;
      const rank = (form.rank[i] ?? '').trim();
      const value = (form.value[i] ?? '').trim();
      scale.push({
        key,
        label,
        rank: rank === '' ? null : Number(rank),
        value: value === '' ? null : Number(value),
        colour: (form.colour[i] ?? '#868e96').trim(),
      });
    });
    const keys = new Set(scale.map((e) => e.key));
    if (keys.size !== scale.length) throw new BadRequestError('Each verdict needs its own key.');
    const ranks = scale.filter((e) => e.rank !== null).map((e) => e.rank!);
    if (new Set(ranks).size !== ranks.length) throw new BadRequestError('Two ordered verdicts share a rank.');
    if (ranks.length < 2) throw new BadRequestError('The scale needs at least two ordered ratings.');
    for (const e of scale) {
      if ((e.rank === null) !== (e.value === null)) throw new BadRequestError(`“${e.label}”: an ordered rating needs a rank and a 0..1 value; an unordered label has neither.`);
    }
    const missing = Array.from(this.keysInUse()).filter((k) => !keys.has(k));
    if (missing.length) throw new BadRequestError(`These verdicts are in use and cannot be removed: ${missing.join(', ')}. Rename their labels instead.`);
    return this.store.transact((tx) => {
      const current = tx.settings;
      if (current.version !== form.version) throw new ConflictError('Settings were changed by someone else since you loaded them.', current);
      const next = parse(settingsSchema, {
        version: current.version + 1,
        organization: { name: form.orgName, url: form.orgUrl },
        scale,
        reviewsPerClaim: form.reviewsPerClaim,
        adjudication: form.adjudication,
        publishing: { minSourcesForExtremes: form.minSourcesForExtremes, requireRationale: form.requireRationale === 'yes' },
      });
      tx.setSettings(next);
      tx.audit({ actor, entity: 'settings', entityId: 'settings', action: 'update', before: current, after: next });
      return next;
    });
  }
}
