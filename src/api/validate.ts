import type { z } from 'zod';
import { AppError, issuesFromZod } from '../errors.js';

/** Parse an API input with zod; failures name the field under `where` (body, query, params). */
export function parseInput<S extends z.ZodTypeAny>(schema: S, value: unknown, where: 'body' | 'query' | 'params' | 'headers'): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw new AppError('VALIDATION', `The request ${where} is not valid`, { issues: issuesFromZod(result.error.issues, where) });
  return result.data;
}
