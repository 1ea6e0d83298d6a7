/**
 * The stored render and its per-recipient slots. A template writes [[@name]]; rendering turns
 * it into a token carrying a random nonce chosen for that render, so no text in a release can
 * forge or collide with it. personalize() fills the tokens as strings; emailParts() hands
 * them to the MIME builder, which fills them in already-encoded bytes.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { templateLanguages } from '../i18n/languages.js';

export const slotNames = ['recipient', 'reference', 'unsubscribeUrl', 'readOnlineUrl', 'openPixelUrl'] as const;
/** The fixed slots, and `link<n>`: the href of the render's n-th tracked link (see tracked-links.ts). */
export type SlotName = (typeof slotNames)[number] | LinkSlot;
export type LinkSlot = `link${number}`;

export const linkSlot = (index: number): LinkSlot => `link${index}`;

/** One rendered variant, as stored (plain JSON) once per distribution, variant and language. */
export const RenderedEmail = z.object({
  language: z.enum(templateLanguages),
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  /** Per-render random nonce inside every slot token. */
  slot: z.string().regex(/^[0-9a-f]{24}$/),
  /**
   * The http(s) links of a tracked render, as a reader's browser sees them (entities decoded):
   * `links[n]` is slot `link<n>`, and the click redirect goes to nothing else. Empty when untracked.
   */
  links: z.array(z.string()).default([]),
  /** Whether the HTML part has the open pixel and link slots. */
  tracked: z.boolean().default(false),
});
export type RenderedEmail = z.infer<typeof RenderedEmail>;

export const newSlotNonce = (): string => randomBytes(12).toString('hex');

const isSlotName = (name: string): name is SlotName => (slotNames as readonly string[]).includes(name) || /^link(?:0|[1-9]\d{0,3})$/.test(name);

/** The token that stands for `name` in a message rendered with `nonce`. */
export function slotToken(nonce: string, name: string): string {
  if (!isSlotName(name)) throw new AppError('CONFIG', `template slot "@${name}" is unknown`);
  return `[[slot:${nonce}:${name}]]`;
}

/**
 * Replace every slot token of one render with `valueOf(name)`. A plain indexOf scan, because it
 * runs once per recipient per part: about ten times faster than a regex replace with a callback.
 * Values are asked for only for the slots the source holds.
 */
export function fillSlots(source: string, nonce: string, valueOf: (name: SlotName) => string): string {
  const prefix = `[[slot:${nonce}:`;
  let out = '';
  let from = 0;
  for (let at = source.indexOf(prefix); at !== -1; at = source.indexOf(prefix, from)) {
    const end = source.indexOf(']]', at);
    const name = source.slice(at + prefix.length, end);
    if (end === -1 || !isSlotName(name)) throw new AppError('VALIDATION', `rendered email has a malformed slot "${name}"`);
    out += source.slice(from, at) + valueOf(name);
    from = end + 2;
  }
  return out + source.slice(from);
}

/** Matches every token of one render; group 1 is the slot name. */
export function slotPattern(nonce: string): RegExp {
  if (!/^[0-9a-f]+$/.test(nonce)) throw new AppError('VALIDATION', 'rendered email has a malformed slot nonce');
  return new RegExp(`\\[\\[slot:${nonce}:(\\w+)\\]\\]`, 'g');
}

export type Segment = string | { slot: SlotName };

export interface EmailPart {
  contentType: 'text/plain' | 'text/html';
  segments: Segment[];
}

/** The render cut at its slots, text part first (multipart/alternative puts the preferred part last). */
export function emailParts(rendered: RenderedEmail): { subject: string; parts: EmailPart[] } {
  return {
    subject: rendered.subject,
    parts: [
      { contentType: 'text/plain', segments: segmentsOf(rendered.text, rendered.slot) },
      { contentType: 'text/html', segments: segmentsOf(rendered.html, rendered.slot) },
    ],
  };
}

function segmentsOf(source: string, nonce: string): Segment[] {
  // split() with a capturing group alternates literal text and slot names.
  return source.split(slotPattern(nonce)).map((piece, i) => {
    if (i % 2 === 0) return piece;
    if (!isSlotName(piece)) throw new AppError('VALIDATION', `rendered email has an unknown slot "${piece}"`);
    return { slot: piece };
  });
}
