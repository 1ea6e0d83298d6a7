/**
 * Turn a media-list export (Cision, Muck Rack, a hand-made spreadsheet) into contact
 * records. Pure: nothing is stored here; the caller decides what to do with the result.
 *
 * File-level problems (not text, no header, no email column, broken quoting) throw
 * `AppError('VALIDATION')` and nothing is imported. Row-level problems reject that row
 * only. Row numbers are the ones a spreadsheet shows: the header is row 1.
 */
import { mapHeader, type ContactField } from './csv-headers.js';
import { decodeCsvText, detectDelimiter, readCsvRecords, type Delimiter } from './csv-records.js';
import { readContactRow, type ContactRecord } from './csv-row.js';

export type { ContactRecord } from './csv-row.js';

export interface ContactsCsv {
  delimiter: Delimiter;
  /** Recognised columns, with the header as the file spells it. */
  columns: { field: ContactField; header: string }[];
  /** Named columns that were not read, so the caller can say so. */
  ignoredColumns: string[];
  contacts: { row: number; contact: ContactRecord }[];
  /** Later rows with an address already seen (case-insensitively); the first occurrence wins. */
  duplicates: { row: number; email: string; firstRow: number }[];
  /** One entry per problem: a row with two bad cells appears twice. */
  rejected: { row: number; field?: ContactField; reason: string }[];
  warnings: { row: number; message: string }[];
}

const isBlank = (cells: readonly string[]): boolean => cells.every((cell) => !cell.trim());

export function parseContactsCsv(input: string | Buffer): ContactsCsv {
  const text = decodeCsvText(input);
  const delimiter = detectDelimiter(text);
  // decodeCsvText refused a blank file, so there is always a first record.
  const [headerCells = [], ...dataRows] = readCsvRecords(text, delimiter);
  const header = mapHeader(headerCells);

  const result: ContactsCsv = {
    delimiter,
    columns: header.columns.map(({ field, header: spelled }) => ({ field, header: spelled })),
    ignoredColumns: header.ignoredColumns,
    contacts: [],
    duplicates: [],
    rejected: [],
    warnings: [],
  };
  const firstRowByKey = new Map<string, number>();

  dataRows.forEach((cells, index) => {
    const row = index + 2; // the header is row 1
    if (isBlank(cells)) return;
    const reading = readContactRow(cells, header);
    if (!reading.ok) {
      // One entry per row, so counts of rejected entries are counts of rows.
      const [first] = reading.problems;
      result.rejected.push({ row, ...(first?.field ? { field: first.field } : {}), reason: reading.problems.map((p) => p.reason).join('; ') });
      return;
    }
    const { contact } = reading;
    const firstRow = firstRowByKey.get(contact.emailKey);
    if (firstRow !== undefined) {
      result.duplicates.push({ row, email: contact.email, firstRow });
      return;
    }
    firstRowByKey.set(contact.emailKey, row);
    result.contacts.push({ row, contact });
    result.warnings.push(...reading.warnings.map((message) => ({ row, message })));
  });
  return result;
}
