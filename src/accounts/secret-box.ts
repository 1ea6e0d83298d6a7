/**
 * Credentials at rest: AES-256-GCM, a fresh 96-bit IV per value, and the account id as
 * associated data, so a sealed value copied onto another account does not open.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { AppError } from '../errors.js';

export interface SecretBox {
  seal(value: unknown, boundTo: string): string;
  open(sealed: string, boundTo: string): unknown;
}

/** The key: a dedicated one when configured, else derived from the server secret. */
export function accountsKey(secret: string, dedicated?: string): Buffer {
  if (dedicated) return Buffer.from(dedicated, /^[0-9a-f]{64}$/i.test(dedicated) ? 'hex' : 'base64');
  return Buffer.from(hkdfSync('sha256', secret, 'presswire', 'accounts:credentials', 32));
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new AppError('CONFIG', 'The accounts key must be 32 bytes (64 hex characters or base64)');
  return {
    seal(value, boundTo) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(boundTo));
      const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
    },
    open(sealed, boundTo) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || !body) throw new AppError('CONFIG', 'Stored credentials are not in a known format');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(boundTo));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return JSON.parse(Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8'));
      } catch (cause) {
        throw new AppError('CONFIG', `Stored credentials of ${boundTo} cannot be opened with this server's key (was PRESSWIRE_SECRET or PRESSWIRE_ACCOUNTS_KEY changed?). Add the account again.`, { cause });
      }
    },
  };
}
