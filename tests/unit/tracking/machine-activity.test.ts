import { describe, expect, it } from 'vitest';
import { MACHINE_WINDOW_MS, machineReason, type TrackedRequest } from '../../../src/tracking/machine-activity.js';

const accepted = Date.UTC(2026, 2, 10, 7, 0, 0);
const later = accepted + 10 * 60_000;
const safari = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const person: TrackedRequest = { kind: 'click', method: 'GET', ip: '203.0.113.9', userAgent: safari, at: later, acceptedAt: accepted };

describe('machine activity', () => {
  it('takes a browser well after delivery for a person', () => {
    expect(machineReason(person)).toBeUndefined();
    expect(machineReason({ ...person, kind: 'open' })).toBeUndefined();
    expect(machineReason({ ...person, acceptedAt: null })).toBeUndefined();
  });

  it.each([
    'Mozilla/5.0 (compatible; Barracuda Sentinel (EE))',
    'Mimecast-URL-Protect/1.0',
    'Proofpoint-URL-Defense',
    'Microsoft SafeLinks (https://aka.ms/safelinks)',
    'Cisco-IronPort-WSA/12.0',
    'TrendMicro Scanner',
    'Symantec Email Security',
    'python-requests/2.31.0',
    'curl/8.5.0',
    'Go-http-client/2.0',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0 Safari/537.36',
  ])('labels the scanner user agent %s', (userAgent) => {
    expect(machineReason({ ...person, userAgent })).toMatch(/^scanner user agent/);
  });

  it('labels HEAD requests and requests without a user agent', () => {
    expect(machineReason({ ...person, method: 'HEAD' })).toBe('HEAD request');
    expect(machineReason({ ...person, userAgent: undefined })).toBe('no user agent');
    expect(machineReason({ ...person, userAgent: '  ' })).toBe('no user agent');
  });

  it('labels activity within the window after acceptance, and not after it', () => {
    expect(machineReason({ ...person, at: accepted + 1200 })).toMatch(/within 5 seconds of delivery/);
    expect(machineReason({ ...person, kind: 'open', at: accepted })).toMatch(/open within/);
    expect(machineReason({ ...person, at: accepted + MACHINE_WINDOW_MS })).toBeUndefined();
  });

  it('labels Apple Mail Privacy Protection by its address space or its bare user agent', () => {
    expect(machineReason({ ...person, kind: 'open', ip: '17.58.101.7' })).toBe('Apple Mail Privacy Protection');
    expect(machineReason({ ...person, kind: 'open', ip: '::ffff:17.1.2.3' })).toBe('Apple Mail Privacy Protection');
    expect(machineReason({ ...person, kind: 'open', ip: '2620:149:a:b::1' })).toBe('Apple Mail Privacy Protection');
    expect(machineReason({ ...person, kind: 'open', userAgent: 'Mozilla/5.0' })).toBe('Apple Mail Privacy Protection');
    expect(machineReason({ ...person, kind: 'open', ip: '18.0.0.1' })).toBeUndefined();
    // A person on an Apple network who clicks with a real browser is still a person.
    expect(machineReason({ ...person, ip: '17.58.101.7' })).toBeUndefined();
  });

  it('labels a click that follows another link of the same copy within one second', () => {
    expect(machineReason({ ...person, otherLinksThisSecond: 2 })).toBe('several links clicked within one second');
    expect(machineReason({ ...person, otherLinksThisSecond: 0 })).toBeUndefined();
  });
});
