/**
 * Text we store and print carries no control characters (C0, DEL, C1): an ESC or CSI
 * sequence in a name would drive the terminal that prints it, and NUL or a bare CR
 * confuses every tool downstream. Removing them changes nothing a person meant to write.
 *
 *   one line (names, headline, email, outlet…): line breaks and tabs become a space,
 *   other controls are removed;
 *   lines (body, quotes, boilerplate): line breaks become "\n", "\n" and "\t" stay,
 *   other controls are removed.
 */
import { z } from 'zod';

// NEL (a C1 control), LINE SEPARATOR and PARAGRAPH SEPARATOR are line breaks to some readers too.
const lineBreaks = /\r\n?|[\n\u0085\u2028\u2029]/g;
const controls = /\p{Cc}/gu;
const controlsButLines = /[^\P{Cc}\n\t]/gu;

export const oneLine = (text: string): string => text.replace(lineBreaks, ' ').replace(/\t/g, ' ').replace(controls, '');

export const keepLines = (text: string): string => text.replace(lineBreaks, '\n').replace(controlsButLines, '');

/** A zod string cleaned to one line; chain `.trim()`, `.min()`, `.max()` as usual. */
export const lineText = () => z.string().overwrite(oneLine);

/** A zod string cleaned to lines of text. */
export const linesText = () => z.string().overwrite(keepLines);

const named = new Map([['\r', '\\r'], ['\n', '\\n'], ['\t', '\\t']]);

/**
 * Control characters written out as escapes ("\u001b[2J", "\r"), for messages and
 * terminals; with `lines`, "\n" and "\t" stay as they are.
 */
export function escapeControls(text: string, { lines = false } = {}): string {
  return text.replace(lines ? controlsButLines : controls, (ch) => named.get(ch) ?? `\\u${ch.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}
