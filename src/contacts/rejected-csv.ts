/**
 * The rejected rows of an import as a CSV to fix and import again: why each was refused,
 * then its cells under the file's own header. A cell a spreadsheet would run as a formula
 * is written with a leading apostrophe, so opening the file runs nothing.
 */
import { FORMULA_START } from './csv-row.js';
import type { ImportRecord } from './import-record.js';

const neutral = (cell: string): string => (FORMULA_START.test(cell) ? `'${cell}` : cell);
const quoted = (cell: string): string => `"${neutral(cell).replaceAll('"', '""')}"`;
const line = (cells: readonly string[]): string => `${cells.map(quoted).join(',')}\r\n`;

export function rejectedRowsCsv(record: ImportRecord, headings: { row: string; reason: string }): string {
  const rows = record.rejected.filter((r) => r.cells).map((r) => line([String(r.row), r.reason, ...r.cells!]));
  // The byte-order mark makes spreadsheets read the file as UTF-8 (accents intact).
  return `\uFEFF${line([headings.row, headings.reason, ...record.header])}${rows.join('')}`;
}
