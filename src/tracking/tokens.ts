/**
 * Signed, opaque tokens for links in mail (RFC 8058 one-click unsubscribe and later
 * others). A token names a delivery — a random id, never an address — and carries an
 * HMAC bound to its purpose, so an unsubscribe token is not valid for anything else.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export type TokenPurpose = 'unsubscribe';

const macLength = 32; // base64url characters: 192 bits

export interface TokenSigner {
  sign(purpose: TokenPurpose, subject: string): string;
  /** The subject (a delivery id) when the token is genuine, otherwise undefined. */
  verify(purpose: TokenPurpose, token: string): string | undefined;
}

export function createTokenSigner(secret: string): TokenSigner {
  const keys = new Map<TokenPurpose, Buffer>();
  const keyFor = (purpose: TokenPurpose) => {
    let key = keys.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', secret, 'presswire', `token:${purpose}`, 32));
      keys.set(purpose, key);
    }
    return key;
  };
  const mac = (purpose: TokenPurpose, subject: string) =>
    createHmac('sha256', keyFor(purpose)).update(subject).digest('base64url').slice(0, macLength);

  return {
    sign: (purpose, subject) => `${subject}.${mac(purpose, subject)}`,
    verify(purpose, token) {
      const dot = token.lastIndexOf('.');
      if (dot <= 0) return undefined;
      const subject = token.slice(0, dot);
      if (!/^[a-z]+_[0-9a-z]{25}$/.test(subject)) return undefined;
      const given = Buffer.from(token.slice(dot + 1));
      const expected = Buffer.from(mac(purpose, subject));
      return given.length === expected.length && timingSafeEqual(given, expected) ? subject : undefined;
    },
  };
}
