/**
 * Media advisories laid out as fields:
 *   WHAT: Rally and press conference          QUÉ:
 *   WHEN: Thursday, April 16, 2026, 11 a.m.   Conferencia de prensa sobre …
 * The fields stay in the body, one to a line; WHAT / QUÉ is the headline when there is no
 * other title, and WHAT with WHEN or WHERE makes the release a media advisory.
 */
import type { ReleaseKind } from './release.js';
import type { Block } from './text-lines.js';

const FIELD = [
  'what', 'when', 'where', 'who', 'why', 'how', 'visuals', 'photo ops?', 'rsvp', 'parking', 'cost',
  'qu[eé]', 'cu[aá]ndo', 'd[oó]nde', 'qui[eé]n(?:es)?', 'por qu[eé]', 'c[oó]mo',
].join('|');
const fieldLine = new RegExp(String.raw`^[*_]*(?<label>${FIELD})[*_]*\s*:[*_]*\s*(?<value>.*)$`, 'iu');

const readField = (line: string): { label: string; value: string } | undefined => {
  const groups = fieldLine.exec(line.trim())?.groups;
  return groups && { label: groups.label!.toLowerCase().normalize('NFD').replace(/\p{M}/gu, ''), value: groups.value!.trim() };
};

/** Media-advisory field labels ("WHAT:", "WHEN:", "DÓNDE:"): they open an advisory's body. */
export const isAdvisoryField = (line: string): boolean => readField(line) !== undefined;

/** "WHAT:" alone on its line, its value on the next: the two read as one line. */
export const isLoneAdvisoryLabel = (line: string): boolean => readField(line)?.value === '';

/** Every field with its value; a lone label takes the line below it as its value. */
const fieldsOf = (blocks: readonly Block[]) =>
  blocks.flatMap((block) =>
    block.flatMap((line, i) => {
      const field = readField(line.text);
      const below = block[i + 1]?.text.trim() ?? '';
      return field ? [{ ...field, value: field.value || (isAdvisoryField(below) ? '' : below) }] : [];
    }),
  );

/** WHAT (or QUÉ) with WHEN or WHERE (CUÁNDO, DÓNDE): the layout of a media advisory. */
export function advisoryKind(blocks: readonly Block[]): ReleaseKind | undefined {
  const labels = new Set(fieldsOf(blocks).map((f) => f.label));
  const what = labels.has('what') || labels.has('que');
  const whenOrWhere = ['when', 'where', 'cuando', 'donde'].some((l) => labels.has(l));
  return what && whenOrWhere ? 'media_advisory' : undefined;
}

/** The first sentence of the WHAT / QUÉ field. */
export function advisoryTitle(blocks: readonly Block[]): string | undefined {
  const what = fieldsOf(blocks).find((f) => (f.label === 'what' || f.label === 'que') && f.value);
  return what?.value.replace(/(?<=[.!?])\s.*$/u, '').replace(/\.$/u, '');
}
