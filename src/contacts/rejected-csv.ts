/**
 * The rejected rows of an import as a CSV to fix and import again: why each was refused,
 * then its cells under the file's own header (cells neutralised as every CSV's are).
 */
import { csvFile } from '../text/csv-cell.js';
import type { ImportRecord } from './import-record.js';

export function rejectedRowsCsv(record: ImportRecord, headings: { row: string; reason: string }): string {
  const rows = record.rejected.filter((r) => r.cells).map((r) => [String(r.row), r.reason, ...r.cells!]);
  return csvFile([headings.row, headings.reason, ...record.header], rows);
}
