/** Lines and blocks of a pasted release, keeping source line numbers for error messages. */
import { AppError, invalid } from '../errors.js';
import { isAdvisoryField, isLoneAdvisoryLabel } from './text-advisory.js';

export interface Line {
  text: string;
  /** 1-based line number in the pasted text. */
  number: number;
}

/** Lines separated from their neighbours by blank lines: a paragraph, a contact card, a title. */
export type Block = Line[];

export function splitBlocks(lines: readonly Line[]): Block[] {
  const blocks: Block[] = [];
  let current: Block = [];
  for (const line of lines) {
    if (line.text.trim()) {
      current.push(line);
    } else if (current.length) {
      blocks.push(current);
      current = [];
    }
  }
  if (current.length) blocks.push(current);
  return blocks;
}

export const refuse = (field: string, message: string): AppError => invalid(message, [{ field, message }]);

/** The same validation error, pinned to a line of the pasted text. */
export function pinToLine(line: Line, error: AppError): AppError {
  const issues = error.issues.map((issue) => ({ ...issue, row: line.number }));
  return invalid(`line ${line.number}: ${error.message}`, issues);
}

/** Run `read`, pinning any validation error it raises to `line`. */
export function atLine<T>(line: Line, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof AppError && error.code === 'VALIDATION') throw pinToLine(line, error);
    throw error;
  }
}

const connective = /\b(?:a|an|the|to|of|and|or|for|in|on|at|by|with|from|as|de|del|la|el|los|las|y|o|en|que|con|para|por|un|una)$/iu;
/** Characters people start list items with, in documents and on web pages. */
export const BULLET = '[-*+•·▪◦‣–—]';
const listItem = new RegExp(String.raw`^\s*(?:${BULLET}|\d{1,2}[.)])\s+\S`, 'u');
export const isListItem = (line: string): boolean => listItem.test(line);
const isLabel = (line: string): boolean => /^\p{Lu}[\p{L} ]{0,20}:/u.test(line);

/**
 * Whether `next` carries on the sentence of `previous` (a hard wrap): it starts in lower case,
 * or follows a dangling "to"/"of"/"de", or a long line runs on into a number. An advisory
 * label alone on its line ("WHAT:") is carried on by its value.
 */
export function continuesLine(previous: string, next: string): boolean {
  if (isLoneAdvisoryLabel(previous)) return !isListItem(next) && !isAdvisoryField(next);
  if (/[.!?:;]$/u.test(previous) || isListItem(next) || isLabel(next)) return false;
  return /^\p{Ll}/u.test(next) || connective.test(previous) || (previous.length >= 60 && /^\d/u.test(next));
}

/**
 * Join hard-wrapped lines of a block, keeping deliberate breaks (an address, "WHAT:/WHEN:"
 * fields, list items) as separate lines. A joined line keeps the number of its first line.
 */
export function unwrapBlock(block: readonly Line[]): Block {
  const out: Block = [];
  for (const line of block) {
    const text = line.text.trim().replace(/\s+/g, ' ');
    const previous = out.at(-1);
    if (previous && continuesLine(previous.text, text)) out[out.length - 1] = { ...previous, text: `${previous.text} ${text}` };
    else out.push({ ...line, text });
  }
  return out;
}

export const blockText = (block: readonly Line[]): string => unwrapBlock(block).map((l) => l.text).join(' ');

const abbreviationAtEnd =
  /(?:\b(?:St|Ave|Blvd|Rd|Dr|Ste|Fl|No|Inc|Ltd|Co|Corp|Jr|Sr|Calif|Mass|Wash|Mr|Mrs|Ms|Mx|Prof|Rev|Hon|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Atty|Mt|Ft|Sra|Dra)|\b\p{L}(?:\.\p{L})+)\.$/u;

/** "…Acme Inc.", "…Washington, D.C.": a final dot that belongs to an abbreviation, not a sentence. */
export const endsWithAbbreviation = (text: string): boolean => abbreviationAtEnd.test(text);

export const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length;
