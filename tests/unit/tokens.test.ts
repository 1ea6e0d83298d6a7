import { describe, expect, it } from 'vitest';
import { createTokenSigner } from '../../src/tokens/tokens.js';

const signer = createTokenSigner('a-secret-of-at-least-thirty-two-characters!');
const id = 'dlv_0123456789abcdefghjkmnpqr';

describe('signed tokens', () => {
  it('round-trips and reveals no address', () => {
    const token = signer.sign('unsubscribe', id);
    expect(token).not.toContain('@');
    expect(signer.verify('unsubscribe', token)).toBe(id);
  });

  it('refuses tampering, truncation and another key', () => {
    const token = signer.sign('unsubscribe', id);
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect(signer.verify('unsubscribe', flipped)).toBeUndefined();
    expect(signer.verify('unsubscribe', token.replace('dlv_0', 'dlv_1'))).toBeUndefined();
    expect(signer.verify('unsubscribe', token.slice(0, 20))).toBeUndefined();
    expect(createTokenSigner('another-secret-of-at-least-thirty-two-chars').verify('unsubscribe', token)).toBeUndefined();
  });
});

describe('tokens inside an address', () => {
  it('fit a local part, are lower case, and survive a mail system folding their case', () => {
    const token = signer.sign('bounce', id);
    expect(token).toMatch(/^[0-9a-z_.]+$/);
    expect(`bounces+${token}`.length).toBeLessThanOrEqual(64);
    expect(signer.verify('bounce', token.toUpperCase())).toBe(id);
  });

  it('are bound to their purpose', () => {
    expect(signer.verify('reply', signer.sign('bounce', id))).toBeUndefined();
    expect(signer.verify('click', signer.sign('open', id))).toBeUndefined();
  });
});
