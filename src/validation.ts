import type { z } from 'zod';
import { BadRequestError } from './errors.js';

/** Parses input with a schema, turning validation problems into a 400 with field messages. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const fields: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const key = issue.path.join('.') || 'input';
    fields[key] ??= issue.message;
  }
  const summary = Object.entries(fields)
    .map(([k, v]) => (k === 'input' ? v : `${k}: ${v}`))
    .join(' ');
  throw new BadRequestError(summary, { fields }, 'invalid_input');
}
