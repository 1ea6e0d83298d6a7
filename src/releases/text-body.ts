/**
 * The body: the dateline that opens it, contact blocks, the boilerplate and notes to editors
 * taken out of it, quote paragraphs recognised, the rest rendered as Markdown, and its URLs collected.
 */
import type { Boilerplate, Link, MediaContact, Quote } from './release.js';
import { isAdvisoryField } from './text-advisory.js';
import { takeBoilerplate } from './text-boilerplate.js';
import { pressOfficeName, takeContacts } from './text-contacts.js';
import { isoDate } from './text-dates.js';
import { readDateline } from './text-dateline.js';
import { blockText, endsWithAbbreviation, pinToLine, refuse, unwrapBlock, type Block } from './text-lines.js';
import { collectLinks } from './text-links.js';
import { paragraphToMarkdown } from './text-markdown.js';
import { isAside, readNotes, splitAtNotes } from './text-notes.js';
import { readClosingQuote, readIntroducedQuote, readQuote } from './text-quotes.js';

export interface Body {
  markdown: string;
  dateline?: string;
  /** The date written in the dateline, if any. */
  releaseDate?: string;
  quotes: Quote[];
  contacts: MediaContact[];
  boilerplate?: Boilerplate;
  links: Link[];
  /** Notes to editors that are neither boilerplate nor a contact, as Markdown. */
  notesToEditors: string[];
}

/**
 * Take the dateline off the first paragraph ("SAN DIEGO — March 10, 2026 — A report…" → "A
 * report…"). Asides above it ("Editor's note: …", "Photo: …") move below that paragraph, so
 * the body still opens with the paragraph the dateline belongs to.
 */
function takeDateline(blocks: readonly Block[]): { dateline?: string; releaseDate?: string; blocks: Block[] } {
  const firstProse = blocks.findIndex((block) => !isAside(block[0]!.text));
  const asides = firstProse === -1 ? blocks.length : firstProse;
  const [first, ...others] = blocks.slice(asides);
  const opening = first?.[0];
  const dateline = opening ? readDateline(opening.text.trim()) : undefined;
  if (!first || !opening || !dateline) return { blocks: [...blocks] };
  if (dateline.date && !dateline.date.valid) throw pinToLine(opening, refuse('releaseDate', `the dateline's date is not a calendar date`));
  const rest = dateline.rest ? [{ ...opening, text: dateline.rest }, ...first.slice(1)] : first.slice(1);
  const [lead, ...more] = rest.length ? [rest, ...others] : others;
  return {
    dateline: dateline.place,
    releaseDate: dateline.date && isoDate(dateline.date.date),
    blocks: [...(lead ? [lead] : []), ...blocks.slice(0, asides), ...more],
  };
}

const endsSentence = (line: string): boolean => /[.!?]["”»’)]?$/u.test(line) && !endsWithAbbreviation(line);

/**
 * Paragraphs typed without blank lines between them: in a block that is not hard-wrapped,
 * a line that ends a sentence ends its paragraph ("St." and "Inc." do not, nor do advisory
 * fields, which stay together).
 */
function splitRunOnParagraphs(block: Block): Block[] {
  if (unwrapBlock(block).length < block.length) return [block];
  const paragraphs: Block[] = [[]];
  for (const line of block) {
    paragraphs.at(-1)!.push(line);
    if (endsSentence(line.text.trim()) && !isAdvisoryField(line.text)) paragraphs.push([]);
  }
  return paragraphs.filter((p) => p.length > 0);
}

/**
 * Quote paragraphs (attributed in themselves or by a lead-in paragraph ending in ":") become
 * blockquotes; a quote closing a paragraph of prose is only recorded.
 */
function renderParagraphs(blocks: readonly Block[]): { markdown: string; quotes: Quote[] } {
  const quotes: Quote[] = [];
  const texts = blocks.map(blockText);
  const paragraphs = blocks.map((block, i) => {
    const text = texts[i]!;
    const quote = readQuote(text, quotes) ?? readIntroducedQuote(texts[i - 1], text, quotes);
    const found = quote ?? readClosingQuote(text, quotes);
    if (found) quotes.push(found);
    return paragraphToMarkdown(block, quote !== undefined);
  });
  return { markdown: paragraphs.join('\n\n'), quotes };
}

/**
 * Read the body blocks. `afterEnd` is what followed the end mark: like a "Notes to editors"
 * section, it is read as notes (contacts, boilerplate, and notes to editors).
 */
export function readBody(blocks: readonly Block[], afterEnd: readonly Block[], language: string): Body {
  const unnamed = pressOfficeName(language);
  const { body: bodyBlocks, notes: noteBlocks } = splitAtNotes(blocks);
  const opened = takeDateline(bodyBlocks.flatMap(splitRunOnParagraphs));
  const body = takeContacts(opened.blocks, unnamed);
  const { boilerplate, rest } = takeBoilerplate(body.rest, language);
  const notes = readNotes([...noteBlocks, ...afterEnd], language, !boilerplate, unnamed);
  const { markdown, quotes } = renderParagraphs(rest);
  const about = boilerplate ?? notes.boilerplate;
  return {
    markdown,
    dateline: opened.dateline,
    releaseDate: opened.releaseDate,
    quotes,
    contacts: [...body.contacts, ...notes.contacts],
    boilerplate: about,
    links: collectLinks([markdown, about?.text ?? '', ...notes.notesToEditors]),
    notesToEditors: notes.notesToEditors,
  };
}
