/**
 * What a release says to editors rather than to readers.
 *   - Asides ("Editor's note: …", "Photo: …", "Caption: …") stay in the body.
 *   - "Notes to editors" (UK style, often after "ENDS") end the body. Numbered or not, a note
 *     shaped like boilerplate becomes the boilerplate, a note with contact details a contact;
 *     the others are the release's notes to editors, one Markdown item each.
 */
import type { Boilerplate, MediaContact } from './release.js';
import { takeBoilerplateNote } from './text-boilerplate.js';
import { takeContacts } from './text-contacts.js';
import { BULLET, type Block } from './text-lines.js';
import { paragraphToMarkdown } from './text-markdown.js';

/**
 * "Notes to editors", "Note for editors", "Information for editors", "Editor's notes", "Editors’
 * notes", "Notas para los editores", "Nota para editores", "Nota a la redacción".
 */
const notesHeading = new RegExp(
  [
    String.raw`^(?:(?:notes?|information|background)\s+(?:to|for)\s+(?:the\s+)?editors?|editors?['’]?s?\s+notes`,
    String.raw`|(?:notas?|informaci[oó]n)\s+(?:para|a|al)\s+(?:(?:los|las|el|la)\s+)?(?:editor(?:es|as)?|redacci[oó]n(?:es)?|periodistas))\s*:?$`,
  ].join(''),
  'iu',
);

export const isNotesHeading = (line: string): boolean => notesHeading.test(line.trim().replace(/^[#*_\s]+|[*_\s]+$/gu, ''));

/** A labelled line for the editor: "Editor's note: …", "Photo: …", "Pie de foto: …". */
const asideLine =
  /^(?:editor['’]?s\s+note|note\s+to\s+editors?|nota\s+(?:del|para\s+el|al)\s+editor|photo(?:\s+(?:caption|credit))?|caption|image|foto(?:graf[ií]a)?|pie\s+de\s+foto)\s*:\s*\S/iu;

export const isAside = (line: string): boolean => asideLine.test(line.trim());

/** Split the body at a "Notes to editors" heading (not at its very top): the rest is notes. */
export function splitAtNotes(blocks: readonly Block[]): { body: Block[]; notes: Block[] } {
  const at = blocks.findIndex((block, i) => i > 0 && isNotesHeading(block[0]!.text));
  return at === -1 ? { body: [...blocks], notes: [] } : { body: blocks.slice(0, at), notes: blocks.slice(at) };
}

const noteNumber = new RegExp(String.raw`^\s*(?:\d{1,2}[.)]|${BULLET})\s+`, 'u');

/** Each note its own block: headings dropped, numbered or bulleted notes apart, numbers removed. */
function separateNotes(blocks: readonly Block[]): Block[] {
  const notes: Block[] = [];
  for (const block of blocks) {
    let current: Block | undefined;
    for (const line of block.filter((l) => !isNotesHeading(l.text))) {
      const number = noteNumber.exec(line.text)?.[0];
      if (number || !current) notes.push((current = []));
      current.push(number ? { ...line, text: line.text.slice(number.length) } : line);
    }
  }
  return notes;
}

export interface Notes {
  contacts: MediaContact[];
  boilerplate?: Boilerplate;
  /** Notes that are neither: the notes to editors, as Markdown. */
  notesToEditors: string[];
}

/**
 * Read notes to editors. Only take a boilerplate when `wantBoilerplate` (the body had none);
 * `unnamed` names a contact card that names no one.
 */
export function readNotes(blocks: readonly Block[], language: string, wantBoilerplate: boolean, unnamed: string): Notes {
  const { contacts, rest } = takeContacts(separateNotes(blocks), unnamed);
  const about = wantBoilerplate ? takeBoilerplateNote(rest, language) : { rest };
  return { contacts, boilerplate: about.boilerplate, notesToEditors: about.rest.map((note) => paragraphToMarkdown(note)) };
}
