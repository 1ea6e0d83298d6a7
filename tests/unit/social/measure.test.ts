/**
 * Each network counts a post its own way; a post measured wrong is refused by the network
 * at the moment of the embargo lift, when nobody can fix it any more.
 */
import { describe, expect, it } from 'vitest';
import { bluesky } from '../../../src/channels/social/bluesky.network.js';
import { mastodon } from '../../../src/channels/social/mastodon.network.js';
import { x } from '../../../src/channels/social/x.network.js';

const family = '👨‍👩‍👧‍👦'; // four people joined by ZWJ: one emoji
const link = 'https://press.example.com/releases/2026/harbor-legal-aid-second-clinic';

describe('X: twitter-text weighted length, 280', () => {
  it('counts plain ASCII one each, up to the boundary', () => {
    expect(x.measure('a'.repeat(280))).toBe(280);
    expect(x.measure('a'.repeat(281))).toBe(281);
  });

  it('counts every URL as 23, however long, and a bare domain too', () => {
    expect(x.measure(link)).toBe(23);
    expect(x.measure('press.example.com')).toBe(23);
    const twoLinks = `${'a'.repeat(280 - 2 * 23 - 2)} ${link} https://news.example.org/x`;
    expect(x.measure(twoLinks)).toBe(280);
    expect(x.measure(`${twoLinks}!`)).toBe(281);
  });

  it('weighs emoji (a ZWJ family is one) and CJK at 2, after NFC (e + combining acute is 1)', () => {
    expect(x.measure(family)).toBe(2);
    expect(x.measure('日本語')).toBe(6);
    expect(x.measure('e\u0301')).toBe(1);
  });

  it('adds it all up at the boundary', () => {
    const mixed = `${'日'.repeat(100)} ${link} ${family}${'a'.repeat(53)}`;
    expect(x.measure(mixed)).toBe(280);
    expect(x.measure(`${mixed}e\u0301`)).toBe(281);
  });
});

describe('Bluesky: graphemes, 300', () => {
  it('counts what people see as one character as one', () => {
    expect(bluesky.measure(family)).toBe(1);
    expect(bluesky.measure('e\u0301')).toBe(1);
    expect(bluesky.measure('日本語')).toBe(3);
  });

  it('counts a URL by its characters (Bluesky does not shorten)', () => {
    expect(bluesky.measure(link)).toBe(link.length);
  });

  it('at the boundary', () => {
    const text = `${family.repeat(100)}${'e\u0301'.repeat(100)}${'a'.repeat(100)}`;
    expect(bluesky.measure(text)).toBe(300);
    expect(bluesky.measure(`${text}日`)).toBe(301);
  });
});

describe('Mastodon: characters, URLs 23, remote mentions by their local part, 500', () => {
  it('counts every http(s) URL as 23, but not the punctuation after it', () => {
    expect(mastodon.measure(link)).toBe(23);
    expect(mastodon.measure(`see ${link}.`)).toBe(4 + 23 + 1);
    expect(mastodon.measure(`(${link})`)).toBe(25);
  });

  it('does not link a bare domain, so counts it as it is', () => {
    expect(mastodon.measure('press.example.com')).toBe(17);
  });

  it('counts @user@domain as @user', () => {
    expect(mastodon.measure('@harbor@legal.example')).toBe('@harbor'.length);
    expect(mastodon.measure('write to harbor@legal.example')).toBe(29);
  });

  it('at the boundary', () => {
    const text = `@harbor@legal.example ${link} ${'a'.repeat(500 - 8 - 24)}`;
    expect(mastodon.measure(text)).toBe(500);
    expect(mastodon.measure(`${text}a`)).toBe(501);
  });
});
