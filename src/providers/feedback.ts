/**
 * Small readings every provider file shares: a body as JSON, an enhanced status code in a
 * diagnostic, a bounce's kind, a timestamp.
 */
import type { z } from 'zod';
import type { BounceKind } from '../db/schema.js';
import { invalid, issuesFromZod } from '../errors.js';
import { bounceKind } from '../tracking/bounce-rules.js';

/** The body as `schema` describes it; 400 naming the field otherwise. */
export function parseBody<S extends z.ZodTypeAny>(rawBody: Buffer, schema: S, what: string): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw invalid(`The ${what} body is not JSON`, [{ field: 'body', message: 'is not JSON' }]);
  }
  const result = schema.safeParse(json);
  if (!result.success) throw invalid(`The ${what} body is not one we can read`, issuesFromZod(result.error.issues, 'body'));
  return result.data;
}

const enhanced = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/;

/** The first RFC 3463 status code in a diagnostic ("smtp; 550 5.1.1 user unknown" → 5.1.1). */
export const enhancedStatusIn = (text: string | undefined): string | undefined => (text ? enhanced.exec(text)?.[0] : undefined);

/**
 * A bounce's kind. A status code decides by our rules (bounce-rules.ts), as it does for a DSN;
 * without one, the provider's own verdict that the address is dead counts, and then the words.
 */
export function kindOf(status: string | undefined, diagnostic: string | undefined, providerSaysPermanent: boolean): BounceKind {
  if (status) return bounceKind(status, diagnostic);
  return providerSaysPermanent ? 'hard' : bounceKind(undefined, diagnostic);
}

/** An instant from an ISO date or epoch seconds, or `fallback` when the provider gave none we can read. */
export function instantOf(value: string | number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const ms = typeof value === 'number' ? value * 1000 : Date.parse(value);
  return Number.isFinite(ms) ? ms : fallback;
}
