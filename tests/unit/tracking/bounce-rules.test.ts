import { describe, expect, it } from 'vitest';
import { bounceKind, softBouncesSuppress } from '../../../src/tracking/bounce-rules.js';

describe('bounce kinds', () => {
  it('calls an address that does not exist hard, by its enhanced status', () => {
    expect(bounceKind('5.1.1', 'smtp; 550 5.1.1 <x@example.org>: Recipient address rejected')).toBe('hard');
    expect(bounceKind('5.1.10', 'Recipient address rejected: null MX')).toBe('hard');
    expect(bounceKind('5.1.2', undefined)).toBe('hard');
  });

  it('calls a full mailbox, a policy refusal and a temporary failure soft', () => {
    expect(bounceKind('5.2.2', 'mailbox full')).toBe('soft');
    expect(bounceKind('5.7.1', 'message refused by policy')).toBe('soft');
    expect(bounceKind('4.4.7', 'delivery time expired')).toBe('soft');
  });

  it('reads the words when there is no code, or only 5.0.0', () => {
    expect(bounceKind(undefined, '550 User unknown')).toBe('hard');
    expect(bounceKind('5.0.0', 'The email account that you tried to reach does not exist')).toBe('hard');
    expect(bounceKind('5.0.0', 'no such user here')).toBe('hard');
    expect(bounceKind(undefined, 'Connection timed out')).toBe('soft');
  });

  it('suppresses once the soft bounces reach the limit', () => {
    expect(softBouncesSuppress(2, { limit: 3, windowDays: 30 })).toBe(false);
    expect(softBouncesSuppress(3, { limit: 3, windowDays: 30 })).toBe(true);
  });
});
