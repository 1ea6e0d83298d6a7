/** Line wrapping for the plain-text part. */

/** The column plain-text parts wrap at. */
export const textWidth = 76;

/** RFC 5322 §2.1.1: a line MUST NOT exceed 998 octets, excluding CRLF. */
export const maxLineOctets = 998;

/** Collapse all whitespace, newlines included, to single spaces. */
export const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

const length = (s: string): number => [...s].length;

/**
 * Greedy word wrap of one paragraph to `width` columns, prefixes included.
 * Words longer than the line stay whole (a URL must not be broken for a reader);
 * `limitLineOctets` is the separate guard for the protocol limit.
 */
export function wrapParagraph(text: string, width: number, firstPrefix = '', restPrefix = firstPrefix): string[] {
  const lines: string[] = [];
  for (const segment of text.split('\n')) {
    let line = '';
    for (const word of segment.split(/[ \t\r]+/).filter(Boolean)) {
      const prefix = lines.length === 0 ? firstPrefix : restPrefix;
      if (line && length(prefix) + length(line) + 1 + length(word) > width) {
        lines.push(prefix + line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    lines.push((lines.length === 0 ? firstPrefix : restPrefix) + line);
  }
  return lines;
}

/** `wrapParagraph` at the text width, as one string. */
export const wrapText = (text: string, first = '', rest = first): string => wrapParagraph(text, textWidth, first, rest).join('\n');

/** Hard-split, at character boundaries, any line longer than `max` UTF-8 octets. */
export function limitLineOctets(text: string, max = maxLineOctets): string {
  return text
    .split('\n')
    .flatMap((line) => (Buffer.byteLength(line) <= max ? [line] : splitByOctets(line, max)))
    .join('\n');
}

function splitByOctets(line: string, max: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    if (octets + size > max) {
      pieces.push(piece);
      piece = '';
      octets = 0;
    }
    piece += char;
    octets += size;
  }
  pieces.push(piece);
  return pieces;
}
