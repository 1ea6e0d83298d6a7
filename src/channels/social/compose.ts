/**
 * What an account posts for a release: the network's own text (or the default, or the
 * headline) with the release link, measured by the network's rules — one post, or, when the
 * release asks for it, a thread.
 *
 * The link always stands in the first item: reconciliation after a timeout finds a post by
 * it. A thread's items end with a " (1/3)" counter, measured with the rest, so readers who
 * meet item 2 alone know there is more.
 */
import { AppError } from '../../errors.js';
import { graphemesOf } from './graphemes.js';
import type { NetworkId, SocialNetwork } from './network.js';

export type SocialTexts = Partial<Record<NetworkId | 'default', string>> & { thread?: boolean };

export interface ComposeInput {
  network: SocialNetwork;
  headline: string;
  social?: SocialTexts;
  link: string;
}

/** The items to post, in order: one when the text fits. */
export function composePosts(input: ComposeInput): string[] {
  const { network, social, link } = input;
  const single = singlePost(input);
  const length = network.measure(single);
  if (length <= network.limits.maxLength) return [single];
  if (!social?.thread) throw tooLong(network, length);
  return splitThread(network, textOf(input), link);
}

const textOf = ({ network, headline, social }: ComposeInput): string => (social?.[network.id] ?? social?.default ?? headline).trim();

/** The post as one item, whatever its length (the desk shows it measured against the limit). */
export const singlePost = (input: ComposeInput): string => withLink(textOf(input), input.link);

const withLink = (text: string, link: string): string => (text.includes(link) ? text : `${text} ${link}`);

function tooLong(network: SocialNetwork, length: number): AppError {
  const { name, limits } = network;
  return new AppError('VALIDATION', `The ${name} post is too long`, {
    issues: [
      {
        field: `social.${network.id}`,
        message: `The ${name} post is ${length} ${limits.unit}; ${name} allows ${limits.maxLength}. Shorten it or set social.thread: true`,
      },
    ],
  });
}

const sentences = new Intl.Segmenter(undefined, { granularity: 'sentence' });

/**
 * Pieces keep their trailing spaces so that gluing them back gives the original text.
 * Sentences first; a sentence too long for an item falls back to words, a word to graphemes.
 */
const sentencesOf = (text: string): string[] => Array.from(sentences.segment(text), (s) => s.segment);
const finer = (piece: string): string[] => (/\s\S/.test(piece.trim()) ? piece.split(/(?<=\s)(?=\S)/) : graphemesOf(piece));

/** A counter of this many digits measures the same whatever its numbers, so pack with 9s, then relabel. */
function splitThread(network: SocialNetwork, text: string, link: string): string[] {
  for (let digits = 1; ; digits++) {
    const placeholder = Number('9'.repeat(digits));
    const bodies = pack(network, sentencesOf(text), (body, index) => decorate(body, index, placeholder, link));
    if (String(bodies.length).length <= digits) return bodies.map((body, index) => decorate(body, index, bodies.length, link));
  }
}

function decorate(body: string, index: number, total: number, link: string): string {
  const text = index === 0 ? withLink(body, link) : body;
  return `${text} (${index + 1}/${total})`;
}

/** Greedy: each item takes as many whole pieces as fit once decorated. */
function pack(network: SocialNetwork, pieces: string[], decorated: (body: string, index: number) => string): string[] {
  const fits = (body: string, index: number) => network.measure(decorated(body.trim(), index)) <= network.limits.maxLength;
  const items: string[] = [];
  const queue = [...pieces];
  let current = '';
  while (queue.length) {
    const piece = queue.shift()!;
    if (fits(current + piece, items.length)) {
      current += piece;
    } else if (current.trim()) {
      items.push(current.trim());
      current = '';
      queue.unshift(piece);
    } else if (finer(piece).length > 1) {
      queue.unshift(...finer(piece));
    } else {
      throw new Error(`${network.name}: "${piece}" does not fit in an item even alone`);
    }
  }
  if (current.trim()) items.push(current.trim());
  return items;
}
