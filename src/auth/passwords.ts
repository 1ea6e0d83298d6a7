/**
 * Passwords: argon2id through @node-rs/argon2, with the library's own parameters
 * (m = 19,456 KiB, t = 2, p = 1: ~15 ms a hash on two cores). The cost "test" exists so
 * that suites can create many users quickly; the hash records its parameters, so a
 * password set under one cost still verifies under the other.
 */
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';

export type PasswordCost = 'default' | 'test';

// The library's default algorithm is argon2id; only the test cost changes its parameters.
const options = (cost: PasswordCost) => (cost === 'test' ? { memoryCost: 256, timeCost: 1 } : {});

/** What a new password must be: long enough to resist guessing, short enough to hash cheaply. */
export const NewPassword = z.string().min(12, 'must be at least 12 characters').max(256, 'must be at most 256 characters');

export const hashPassword = (password: string, cost: PasswordCost): Promise<string> => hash(password, options(cost));

/** A hash of nothing anyone knows, verified when an address has no password, so that a wrong address takes as long as a wrong password. */
const decoys = new Map<PasswordCost, Promise<string>>();

export async function verifyPassword(stored: string | null, password: string, cost: PasswordCost): Promise<boolean> {
  if (stored === null) {
    if (!decoys.has(cost)) decoys.set(cost, hashPassword(randomBytes(16).toString('hex'), cost));
    await verify(await decoys.get(cost)!, password);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    // A malformed stored hash is a refusal, not a crash of the sign-in page.
    return false;
  }
}
