/**
 * Signed, opaque tokens for links and addresses in mail: one-click unsubscribe (RFC 8058),
 * the open pixel, click redirects, and the VERP envelope sender and reply address. A token
 * names a delivery — a random id, never an address — and carries an HMAC bound to its
 * purpose, so an unsubscribe token is not valid for anything else.
 *
 * Tokens inside an address (bounce, reply) are lower-case hex: some mail systems fold the
 * case of a local part, and an address's local part holds at most 64 octets.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export type TokenPurpose = 'unsubscribe' | 'open' | 'click' | 'bounce' | 'reply';

const inAddress = (purpose: TokenPurpose) => purpose === 'bounce' || purpose === 'reply';

const macLength = 32; // base64url characters: 192 bits
const addressMacLength = 24; // hex characters: 96 bits, within a 64-octet local part

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
  const mac = (purpose: TokenPurpose, subject: string) => {
    const hmac = createHmac('sha256', keyFor(purpose)).update(subject);
    return inAddress(purpose) ? hmac.digest('hex').slice(0, addressMacLength) : hmac.digest('base64url').slice(0, macLength);
  };

  return {
    sign: (purpose, subject) => `${subject}.${mac(purpose, subject)}`,
    verify(purpose, presented) {
      const token = inAddress(purpose) ? presented.toLowerCase() : presented;
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
