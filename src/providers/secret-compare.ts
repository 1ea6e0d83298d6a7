import { createHash, timingSafeEqual } from 'node:crypto';

/** Whether two secrets are equal, in time that tells nothing of either (hashed first, so lengths may differ). */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
