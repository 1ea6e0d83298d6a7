/**
 * A form as the desk reads it: parsed with zod, and its problems turned into field errors
 * (by the field's id on the page) in the page's language. Each field says one thing at a
 * time: its first problem.
 */
import type { z } from 'zod';
import type { FieldError } from './components/ErrorSummary.js';

/** Per field name, the message for a problem zod describes (English keeps the detail). */
export type Problems = Record<string, (detail: string) => string>;

export function parseForm<S extends z.ZodTypeAny>(
  schema: S,
  body: unknown,
  problems: Problems,
  ids: Record<string, string> = {},
): { data: z.infer<S>; errors?: undefined } | { data?: undefined; errors: FieldError[] } {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { data: result.data };
  const errors: FieldError[] = [];
  for (const issue of result.error.issues) {
    const name = String(issue.path[0] ?? '');
    const field = ids[name] ?? name;
    if (errors.some((e) => e.field === field)) continue;
    errors.push({ field, message: problems[name]?.(issue.message) ?? issue.message });
  }
  return { errors };
}

/** A field of the form as sent, to show it again beside its problems. */
export const fieldOf = (body: unknown, name: string): string | undefined => {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : undefined;
};
