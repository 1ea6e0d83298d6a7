/**
 * What slows down guessing and flooding at sign-in, kept in Redis so that every API process
 * shares it, per attempted address — known or not, so the answers say nothing about which
 * addresses have accounts. Keys hold the address's SHA-256, never the address.
 *
 * Failed passwords: a lockout window, not a delayed answer (a delay would hold a connection
 * per attempt). After SIGN_IN_MAX_FAILURES consecutive failures the address is locked for
 * SIGN_IN_LOCKOUT_MS, and each further failure after a lock ends doubles it, up to an hour.
 * A lock refuses passwords only: an emailed link still signs the owner in, so nobody can
 * lock a colleague out by guessing. A success clears the count; a day without failures
 * forgets it.
 *
 * Emailed links: at most one a minute to an address, so the form cannot flood a mailbox.
 */
import type { Redis } from 'ioredis';
import { AppError } from '../errors.js';
import { digestOf } from './secret-digest.js';

const memoryMs = 24 * 3600_000;
const longestLockMs = 3600_000;
const linkIntervalMs = 60_000;

export interface FailurePolicy {
  maxFailures: number;
  lockoutMs: number;
}

export interface SignInGuards {
  /** How long the address stays locked, in ms; 0 when it is not. */
  lockedFor(emailKey: string): Promise<number>;
  /** Count a failure; returns how long the address is now locked (0: not yet). */
  failed(emailKey: string): Promise<number>;
  succeeded(emailKey: string): Promise<void>;
  /** True at most once a minute per address: whether a link may be emailed to it now. */
  mayEmailLink(emailKey: string): Promise<boolean>;
}

/** Without its counts a password check would be unguarded: refuse it (503) rather than skip them. */
function failClosed(guards: SignInGuards): SignInGuards {
  const wrap =
    <A extends unknown[], R>(f: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await f(...args);
      } catch (err) {
        throw new AppError('UNAVAILABLE', 'Signing in needs Redis, which does not answer; try again in a moment', { cause: err });
      }
    };
  return { lockedFor: wrap(guards.lockedFor), failed: wrap(guards.failed), succeeded: wrap(guards.succeeded), mayEmailLink: wrap(guards.mayEmailLink) };
}

export function signInGuards(redis: Redis, prefix: string, policy: FailurePolicy): SignInGuards {
  const key = (kind: 'failures' | 'locked' | 'link-sent', emailKey: string) => `${prefix}:sign-in:${kind}:${digestOf(emailKey)}`;
  return failClosed({
    async lockedFor(emailKey) {
      return Math.max(0, await redis.pttl(key('locked', emailKey)));
    },
    async failed(emailKey) {
      const count = key('failures', emailKey);
      const failures = await redis.incr(count);
      await redis.pexpire(count, memoryMs);
      if (failures < policy.maxFailures) return 0;
      const lockMs = Math.min(policy.lockoutMs * 2 ** (failures - policy.maxFailures), longestLockMs);
      await redis.set(key('locked', emailKey), '1', 'PX', lockMs);
      return lockMs;
    },
    async succeeded(emailKey) {
      await redis.del(key('failures', emailKey), key('locked', emailKey));
    },
    async mayEmailLink(emailKey) {
      return (await redis.set(key('link-sent', emailKey), '1', 'PX', linkIntervalMs, 'NX')) === 'OK';
    },
  });
}
