/**
 * An organisation's slug: the name of its newsroom in URLs (`/newsroom/<slug>`). Derived
 * from the name once, then kept when the name changes, so published links keep working.
 */
import { z } from 'zod';

export const Slug = z
  .string()
  .trim()
  .min(1, 'is empty')
  .max(60)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters, digits and single hyphens, such as "harbor-legal-aid"');

/** "Coalición por Audiencias Justas" → "coalicion-por-audiencias-justas". */
export function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  return slug || 'organisation';
}

/** The slug of `name`, with "-2", "-3"… when another organisation holds it. */
export function uniqueSlug(name: string, taken: ReadonlySet<string>): string {
  const base = slugOf(name);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
