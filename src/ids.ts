import { randomBytes } from 'node:crypto';

/** Type prefixes of every id Presswire hands out. Ids never contain ':' (a BullMQ job-id rule). */
export type IdPrefix = 'rel' | 'ct' | 'lst' | 'dst' | 'dlv' | 'rnd' | 'tok' | 'acct' | 'org' | 'usr' | 'aud' | 'evt' | 'inb' | 'whk' | 'msg';

const alphabet = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

function base32(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += alphabet[b & 31];
  return out;
}

/** `rel_…`: a time-ordered part (so ids sort by creation) and 80 random bits. */
export function newId(prefix: IdPrefix): string {
  let t = Date.now();
  let time = '';
  for (let i = 0; i < 9; i++) {
    time = alphabet[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return `${prefix}_${time}${base32(randomBytes(16))}`;
}

export const hasPrefix = (id: string, prefix: IdPrefix): boolean => new RegExp(`^${prefix}_[0-9a-z]{25}$`).test(id);
