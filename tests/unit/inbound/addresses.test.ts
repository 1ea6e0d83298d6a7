import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { bounceAddress, deliveryOfAddress, inboundAddressOf, replyAddress } from '../../../src/tokens/mail-addresses.js';
import { createTokenSigner } from '../../../src/tokens/tokens.js';

const tokens = createTokenSigner('a-test-secret-that-is-long-enough-0123456789');
const delivery = 'dlv_0abcdefghjkmnpqrstvwxyz00';

describe('inbound addresses', () => {
  it('names the delivery, not the address, and fits a local part', () => {
    const address = bounceAddress(tokens, delivery, 'bounces.example.org');
    expect(address).toMatch(/^bounces\+dlv_[0-9a-z]{25}\.[0-9a-f]{24}@bounces\.example\.org$/);
    expect(address.split('@')[0]!.length).toBeLessThanOrEqual(64);
    expect(deliveryOfAddress(tokens, inboundAddressOf(address)!)).toBe(delivery);
  });

  it('keeps bounce and reply tokens apart, and refuses a tampered one', () => {
    const reply = replyAddress(tokens, delivery, 'replies.example.org');
    expect(inboundAddressOf(reply)).toMatchObject({ purpose: 'reply' });
    expect(deliveryOfAddress(tokens, inboundAddressOf(reply)!)).toBe(delivery);
    expect(deliveryOfAddress(tokens, { purpose: 'bounce', token: inboundAddressOf(reply)!.token })).toBeUndefined();
    const tampered = reply.replace(/[0-9a-f]@/, (m) => `${m[0] === 'a' ? 'b' : 'a'}@`);
    expect(deliveryOfAddress(tokens, inboundAddressOf(tampered)!)).toBeUndefined();
  });

  it('reads upper-cased local parts (some mail systems fold case) and ignores other addresses', () => {
    const address = bounceAddress(tokens, delivery, 'example.org').toUpperCase();
    expect(deliveryOfAddress(tokens, inboundAddressOf(address)!)).toBe(delivery);
    expect(inboundAddressOf('newsroom@example.org')).toBeUndefined();
    expect(inboundAddressOf('bounces@example.org')).toBeUndefined();
  });
});

describe('inbound mail settings', () => {
  it('defaults to the sender’s domain and no endpoint port', () => {
    expect(loadConfig({}).inbound).toMatchObject({ bounceDomain: undefined, replyDomain: undefined, port: undefined, host: '127.0.0.1' });
    expect(loadConfig({ BOUNCE_DOMAIN: 'Bounces.Example.org', INBOUND_SMTP_PORT: '2600' }).inbound).toMatchObject({ bounceDomain: 'bounces.example.org', port: 2600 });
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ BOUNCE_DOMAIN: 'not a domain' })).toThrow(/BOUNCE_DOMAIN: must be a domain name/);
    expect(() => loadConfig({ INBOUND_SMTP_PORT: '70000' })).toThrow(/INBOUND_SMTP_PORT/);
  });
});
