/**
 * Secrets that stand for someone (API tokens, session ids, sign-in links) are kept only as
 * their SHA-256: a copy of the database, or of a rate-limit key in Redis, signs nobody in.
 * Plain SHA-256 suffices here: the secrets are random and long, there is nothing to guess.
 */
import { createHash, randomBytes } from 'node:crypto';

export const digestOf = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** An API token as its holder sees it: `pw_` and 192 random bits, URL-safe. */
export const newTokenSecret = (): string => `pw_${randomBytes(24).toString('base64url')}`;

/** 256 random bits, URL-safe: for session ids and sign-in links. */
export const newSecret = (): string => randomBytes(32).toString('base64url');
