/**
 * Who may scrape: a request bearing METRICS_TOKEN. Compared in constant time (over digests,
 * so the length of the token is not told either).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

export function bearerMatches(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return timingSafeEqual(digest(match?.[1] ?? ''), digest(token)) && match !== null;
}

export const scrapeRefusal = 'Metrics need "Authorization: Bearer <METRICS_TOKEN>"';
