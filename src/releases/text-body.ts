/**
 * The body: the dateline that opens it, contact blocks and the boilerplate taken out of it,
 * quote paragraphs recognised, the rest rendered as Markdown, and its URLs collected.
 */
import type { Boilerplate, Link, MediaContact, Quote } from './release.js';
import { takeAboutSection, takeBoilerplate } from './text-boilerplate.js';
import { contactBlockLength, contactLabelRest, looksLikeContactCard, parseContactCard } from './text-contacts.js';
import { isoDate } from './text-dates.js';
import { readDateline } from './text-dateline.js';
import { blockText, endsWithAbbreviation, pinToLine, refuse, unwrapBlock, type Block } from './text-lines.js';
import { collectLinks } from './text-links.js';
import { paragraphToMarkdown } from './text-markdown.js';
import { readQuote } from './text-quotes.js';

export interface Body {
  markdown: string;
  dateline?: string;
  /** The date written in the dateline, if any. */
  releaseDate?: string;
  quotes: Quote[];
  contacts: MediaContact[];
  boilerplate?: Boilerplate;
  links: Link[];
}

/** Take the dateline off the first paragraph ("SAN DIEGO — March 10, 2026 — A report…" → "A report…"). */
function takeDateline(blocks: readonly Block[]): { dateline?: string; releaseDate?: string; blocks: Block[] } {
  const [first, ...others] = blocks;
  const opening = first?.[0];
  const dateline = opening ? readDateline(opening.text.trim()) : undefined;
  if (!first || !opening || !dateline) return { blocks: [...blocks] };
  if (dateline.date && !dateline.date.valid) throw pinToLine(opening, refuse('releaseDate', `the dateline's date is not a calendar date`));
  const rest = dateline.rest ? [{ ...opening, text: dateline.rest }, ...first.slice(1)] : first.slice(1);
  return {
    dateline: dateline.place,
    releaseDate: dateline.date && isoDate(dateline.date.date),
    blocks: rest.length ? [rest, ...others] : others,
  };
}

const endsSentence = (line: string): boolean => /[.!?]["”»’)]?$/u.test(line) && !endsWithAbbreviation(line);

/**
 * Paragraphs typed without blank lines between them: in a block that is not hard-wrapped,
 * a line that ends a sentence ends its paragraph ("St." and "Inc." do not).
 */
function splitRunOnParagraphs(block: Block): Block[] {
  if (unwrapBlock(block).length < block.length) return [block];
  const paragraphs: Block[] = [[]];
  for (const line of block) {
    paragraphs.at(-1)!.push(line);
    if (endsSentence(line.text.trim())) paragraphs.push([]);
  }
  return paragraphs.filter((p) => p.length > 0);
}

/** Contact blocks (a label, or a card right after one) wherever they sit. */
function takeContacts(blocks: readonly Block[]): { contacts: MediaContact[]; rest: Block[] } {
  const contacts: MediaContact[] = [];
  const rest: Block[] = [];
  let afterContact = false;
  for (const block of blocks) {
    const texts = block.map((l) => l.text.trim());
    const label = contactLabelRest(texts[0]!);
    if (label !== undefined) {
      const size = contactBlockLength([label, ...texts.slice(1)]);
      contacts.push(...parseContactCard([label, ...texts.slice(1, size)]));
      if (size < block.length) rest.push(block.slice(size));
      afterContact = size === block.length;
    } else if (afterContact && looksLikeContactCard(texts)) {
      contacts.push(...parseContactCard(texts));
    } else {
      rest.push(block);
      afterContact = false;
    }
  }
  return { contacts, rest };
}

function renderParagraphs(blocks: readonly Block[]): { markdown: string; quotes: Quote[] } {
  const quotes: Quote[] = [];
  const paragraphs = blocks.map((block) => {
    const quote = readQuote(blockText(block), quotes);
    if (quote) quotes.push(quote);
    return paragraphToMarkdown(block, quote !== undefined);
  });
  return { markdown: paragraphs.join('\n\n'), quotes };
}

/**
 * Read the body blocks. `afterEnd` is what followed the end mark: only its contact blocks and
 * its "About" section are kept (a UK-style release puts them after "ENDS").
 */
export function readBody(blocks: readonly Block[], afterEnd: readonly Block[], language: string): Body {
  const opened = takeDateline(blocks.flatMap(splitRunOnParagraphs));
  const body = takeContacts(opened.blocks);
  const trailer = takeContacts(afterEnd);
  const { boilerplate, rest } = takeBoilerplate(body.rest, language);
  const { markdown, quotes } = renderParagraphs(rest);
  const about = boilerplate ?? takeAboutSection(trailer.rest)?.boilerplate;
  return {
    markdown,
    dateline: opened.dateline,
    releaseDate: opened.releaseDate,
    quotes,
    contacts: [...body.contacts, ...trailer.contacts],
    boilerplate: about,
    links: collectLinks([markdown, about?.text ?? '']),
  };
}
