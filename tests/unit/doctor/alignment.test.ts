import { describe, expect, it } from 'vitest';
import { aligned } from '../../../src/doctor/alignment.js';

describe('DMARC alignment', () => {
  it('strict wants the very From domain', () => {
    expect(aligned('Press.Example.org', 'press.example.org', 'strict')).toBe(true);
    expect(aligned('bounces.press.example.org', 'press.example.org', 'strict')).toBe(false);
  });

  it('relaxed takes a subdomain or parent, but not a bare top-level domain or a neighbour', () => {
    expect(aligned('bounces.press.example.org', 'press.example.org', 'relaxed')).toBe(true);
    expect(aligned('example.org', 'press.example.org', 'relaxed')).toBe(true);
    expect(aligned('org', 'press.example.org', 'relaxed')).toBe(false);
    expect(aligned('bounces.example.net', 'press.example.org', 'relaxed')).toBe(false);
    expect(aligned('xpress.example.org', 'press.example.org', 'relaxed')).toBe(false);
  });
});
