/**
 * How long a newsroom answer may be kept. Never past the organisation's next embargo lift, and
 * never more than a minute, so a lifted release shows everywhere within a minute and nothing
 * cached can outlive the moment its answer changes. Refusals are never kept.
 */
import { createHash } from 'node:crypto';

export const maxNewsroomAge = 60;

export function newsroomCacheControl(now: number, nextLift: number | undefined): string {
  const untilLift = nextLift === undefined ? maxNewsroomAge : Math.max(0, Math.floor((nextLift - now) / 1000));
  return `public, max-age=${Math.min(maxNewsroomAge, untilLift)}`;
}

export const refusedCacheControl = 'no-store';

/** A strong validator of the body: a client that has it is answered 304. */
export const entityTag = (body: string | Buffer) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

/** If-None-Match names this tag (or any). */
export function matchesTag(ifNoneMatch: string | undefined, tag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => {
    const v = t.trim().replace(/^W\//, '');
    return v === '*' || v === tag;
  });
}
