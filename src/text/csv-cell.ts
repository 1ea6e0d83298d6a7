/**
 * Cells of every CSV Presswire writes. A cell a spreadsheet would run as a formula — one
 * that starts (after spaces) with `=`, `+`, `-`, `@`, a tab or a carriage return — gets a
 * leading apostrophe, as OWASP's CSV-injection guidance says, so opening the file runs
 * nothing; then every cell is quoted (RFC 4180), so commas, quotes and line breaks in a
 * name stay inside their cell.
 */

/** What a spreadsheet reads as the start of a formula; spaces before it do not stop it. */
export const FORMULA_START = /^[^\S\t\r]*[=+\-@\t\r]/u;

/** A value as inert text: a would-be formula with an apostrophe in front. */
export const neutralCell = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);

/** One RFC 4180 cell: neutralised, quoted, inner quotes doubled. */
export const csvCell = (value: string | number | null | undefined): string => `"${neutralCell(value === null || value === undefined ? '' : String(value)).replaceAll('"', '""')}"`;

/** One record, CRLF-terminated. */
export const csvLine = (cells: readonly (string | number | null | undefined)[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/**
 * A whole file: the header, then the rows. The byte-order mark makes spreadsheets read it
 * as UTF-8, so accents survive.
 */
export const csvFile = (header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string =>
  `\uFEFF${csvLine(header)}${rows.map(csvLine).join('')}`;
