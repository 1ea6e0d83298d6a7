import { describe, expect, it } from 'vitest';
import { composePosts } from '../../../src/channels/social/compose.js';
import { networks } from '../../../src/channels/social/registry.js';
import { AppError } from '../../../src/errors.js';

const { x, bluesky, mastodon } = networks;
const link = 'https://press.example.com/r/harbor-clinic';
const headline = 'Harbor Legal Aid opens a second clinic in San Pedro';
const sentence = (n: number) => `Sentence number ${n} tells the story of the clinic and the people it serves.`;
const longText = Array.from({ length: 12 }, (_, i) => sentence(i + 1)).join(' ');

/** The words of a thread without its counters and the link added to item 1. */
const wordsOf = (items: string[]) =>
  items
    .map((item, i) => item.replace(/ \(\d+\/\d+\)$/, '').replace(i === 0 ? ` ${link}` : '', ''))
    .join(' ')
    .split(/\s+/);

describe('composePosts', () => {
  it('appends the release link to the text once', () => {
    expect(composePosts({ network: x, headline, link })).toEqual([`${headline} ${link}`]);
    const withLink = `Read it: ${link} — and share.`;
    expect(composePosts({ network: x, headline, social: { default: withLink }, link })).toEqual([withLink]);
  });

  it("takes the network's own text, else the default, else the headline", () => {
    const social = { default: 'For everyone', mastodon: 'For the fediverse' };
    expect(composePosts({ network: mastodon, headline, social, link })).toEqual([`For the fediverse ${link}`]);
    expect(composePosts({ network: bluesky, headline, social, link })).toEqual([`For everyone ${link}`]);
  });

  it('refuses a text that is too long without thread, naming the channel and both lengths', () => {
    const text = 'a'.repeat(312 - 24); // + " " + link (23) = 312 weighted characters
    let error: unknown;
    try {
      composePosts({ network: x, headline, social: { x: text }, link });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'VALIDATION',
      issues: [{ field: 'social.x', message: 'The X post is 312 weighted characters; X allows 280. Shorten it or set social.thread: true' }],
    });
  });

  it('splits a thread at sentences, each item within the limit, the link in item 1, numbered', () => {
    for (const network of [x, bluesky, mastodon]) {
      const items = composePosts({ network, headline, social: { default: longText, thread: true }, link });
      expect(items.length).toBeGreaterThan(1);
      for (const item of items) expect(network.measure(item)).toBeLessThanOrEqual(network.limits.maxLength);
      expect(items[0]).toContain(link);
      expect(items.slice(1).join(' ')).not.toContain(link);
      expect(items.map((item) => /\((\d+)\/(\d+)\)$/.exec(item)?.slice(1).map(Number))).toEqual(items.map((_, i) => [i + 1, items.length]));
      for (const item of items) expect(item.replace(/ \(\d+\/\d+\)$/, '').replace(` ${link}`, '')).toMatch(/\.$/);
      expect(wordsOf(items)).toEqual(longText.split(/\s+/));
    }
  });

  it('falls back to words for a sentence longer than an item, and to characters for a word', () => {
    const oneSentence = Array.from({ length: 90 }, (_, i) => `word${i}`).join(' ');
    const items = composePosts({ network: x, headline, social: { x: oneSentence, thread: true }, link });
    expect(wordsOf(items)).toEqual(oneSentence.split(' '));
    const oneWord = 'ab'.repeat(400);
    const pieces = composePosts({ network: bluesky, headline, social: { bluesky: oneWord, thread: true }, link });
    expect(pieces.map((p, i) => p.replace(/ \(\d+\/\d+\)$/, '').replace(i === 0 ? ` ${link}` : '', '')).join('')).toBe(oneWord);
    for (const p of pieces) expect(bluesky.measure(p)).toBeLessThanOrEqual(300);
  });

  it('measures the counters too: a ten-item thread still fits with "(10/10)"', () => {
    const text = Array.from({ length: 40 }, (_, i) => sentence(i + 1)).join(' ');
    const items = composePosts({ network: x, headline, social: { x: text, thread: true }, link });
    expect(items.length).toBeGreaterThanOrEqual(10);
    expect(items.at(-1)).toMatch(new RegExp(`\\(${items.length}/${items.length}\\)$`));
    for (const item of items) expect(x.measure(item)).toBeLessThanOrEqual(280);
  });

  it('puts the link in item 1 even when the text carries it further down', () => {
    const text = `${longText} More at ${link}.`;
    const items = composePosts({ network: x, headline, social: { x: text, thread: true }, link });
    expect(items[0]).toContain(link);
  });

  it('a text that fits stays one post, without a counter, even with thread', () => {
    expect(composePosts({ network: x, headline, social: { thread: true }, link })).toEqual([`${headline} ${link}`]);
  });
});
