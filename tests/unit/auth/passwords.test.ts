import { describe, expect, it } from 'vitest';
import { hashPassword, NewPassword, verifyPassword } from '../../../src/auth/passwords.js';

describe('passwords', () => {
  it('hash with argon2id at the library’s own parameters by default', async () => {
    const stored = await hashPassword('correct horse battery staple', 'default');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, 'correct horse battery staple', 'default')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse battery stapler', 'default')).toBe(false);
  });

  it('hash cheaply under the test cost, and verify across costs (the hash records its parameters)', async () => {
    const stored = await hashPassword('correct horse battery staple', 'test');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=256,t=1,p=1\$/);
    expect(await verifyPassword(stored, 'correct horse battery staple', 'default')).toBe(true);
  });

  it('refuse without a stored hash, or with a malformed one, without throwing', async () => {
    expect(await verifyPassword(null, 'anything at all', 'test')).toBe(false);
    expect(await verifyPassword('$argon2id$broken', 'anything at all', 'test')).toBe(false);
  });

  it('ask a new password for 12 to 256 characters', () => {
    expect(NewPassword.safeParse('short').success).toBe(false);
    expect(NewPassword.safeParse('twelve chars').success).toBe(true);
    expect(NewPassword.safeParse('x'.repeat(257)).success).toBe(false);
  });
});
