/** Which addresses a user-named server may resolve to: public unicast ones, nothing else. */
import { describe, expect, it } from 'vitest';
import { nonPublicRange } from '../../../src/net/public-address.js';

describe('nonPublicRange', () => {
  it.each([
    ['8.8.8.8'],
    ['1.1.1.1'],
    ['2606:4700:4700::1111'],
    ['2a00:1450:4001:82b::200e'],
  ])('%s is public', (address) => {
    expect(nonPublicRange(address)).toBeUndefined();
  });

  it.each([
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['169.254.10.1', 'linkLocal'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
  ])('%s is %s', (address, range) => {
    expect(nonPublicRange(address)).toBe(range);
  });

  it.each([
    ['169.254.169.254', 'linkLocal'], // AWS, GCP, Azure IMDS, OpenStack
    ['fd00:ec2::254', 'uniqueLocal'], // AWS IMDS over IPv6
    ['100.100.100.200', 'carrierGradeNat'], // Alibaba Cloud
    ['192.0.0.192', 'reserved'], // Oracle Cloud
    ['168.63.129.16', 'cloud metadata'], // Azure WireServer, in public space
  ])('cloud metadata service %s is refused (%s)', (address, range) => {
    expect(nonPublicRange(address)).toBe(range);
  });

  it('judges an IPv4 address carried in IPv6 as that IPv4 address, and refuses the embeddings that route elsewhere', () => {
    expect(nonPublicRange('::ffff:127.0.0.1')).toBe('loopback');
    expect(nonPublicRange('::ffff:a9fe:a9fe')).toBe('linkLocal');
    expect(nonPublicRange('::ffff:8.8.8.8')).toBeUndefined();
    expect(nonPublicRange('64:ff9b::a9fe:a9fe')).toBe('rfc6052'); // NAT64
    expect(nonPublicRange('2002:a9fe:a9fe::1')).toBe('6to4');
    expect(nonPublicRange('2001::1')).toBe('teredo');
    // Deprecated IPv4-compatible form: not global unicast, though ipaddr.js calls it unicast.
    expect(nonPublicRange('::a9fe:a9fe')).toBe('reserved');
  });

  it('refuses what is not an IP address', () => {
    expect(nonPublicRange('social.example')).toBe('not an IP address');
  });
});
