/**
 * Turn a media-list export (Cision, Muck Rack, a hand-made spreadsheet) into contact
 * records. Pure: nothing is stored here; the caller decides what to do with the result.
 *
 * File-level problems (not text, no header, no email column, broken quoting) throw
 * `AppError('VALIDATION')` and nothing is imported; a file over its limits throws
 * `AppError('TOO_LARGE')`. Row-level problems reject that row only. Row numbers are the
 * ones a spreadsheet shows: the header is row 1.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { AppError } from '../errors.js';
import { mapHeader, type ContactField } from './csv-headers.js';
import { openCsvRecords, type CsvInput, type Delimiter } from './csv-records.js';
import { readContactRow, type ContactRecord } from './csv-row.js';

export type { ContactRecord } from './csv-row.js';
export type { CsvInput } from './csv-records.js';

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
  /** The header row as written, and the cells of the first rejected rows, so they can be handed back to fix. */
  header: string[];
  rejectedCells: { row: number; cells: string[] }[];
}

export interface CsvLimits {
  maxBytes: number;
  /** Data rows, the header not counted. */
  maxRows: number;
}

const unlimited: CsvLimits = { maxBytes: Number.POSITIVE_INFINITY, maxRows: Number.POSITIVE_INFINITY };

// Rows read between turns of the event loop: a few milliseconds of work, so /healthz and
// the sending workers in this process are never kept waiting for long.
const ROWS_PER_TURN = 500;

// Rejected rows whose cells are kept: enough for any list someone fixes by hand, bounded for a broken file.
export const KEPT_REJECTED_ROWS = 1000;

const isBlank = (cells: readonly string[]): boolean => cells.every((cell) => !cell.trim());

const tooManyRows = (maxRows: number): AppError => {
  const message = `has more than ${maxRows.toLocaleString('en-US')} rows, the limit for one import (CSV_IMPORT_MAX_ROWS)`;
  return new AppError('TOO_LARGE', `The file ${message}; split it into smaller files`, { issues: [{ field: 'body', message }] });
};

/**
 * Media lists repeat themselves (one outlet, city and country for many journalists), and a
 * large file's contacts are all held until they are written: keeping one copy of each
 * repeated value (and of an address that is its own key) keeps that memory smaller.
 */
function valueSharing(): (contact: ContactRecord) => ContactRecord {
  const known = new Map<string, string>();
  const shared = (value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    const first = known.get(value);
    if (first !== undefined) return first;
    if (known.size < 100_000) known.set(value, value);
    return value;
  };
  return (c) => ({
    ...c,
    emailKey: c.emailKey === c.email ? c.email : c.emailKey,
    outlet: shared(c.outlet), title: shared(c.title), beat: shared(c.beat),
    city: shared(c.city), region: shared(c.region), country: shared(c.country), language: shared(c.language),
  });
}

export async function parseContactsCsv(input: CsvInput, limits: CsvLimits = unlimited): Promise<ContactsCsv> {
  const { delimiter, records } = await openCsvRecords(input, limits.maxBytes);
  const iterator = records[Symbol.asyncIterator]();
  // The file is not blank, so there is always a first record.
  const headerCells = (await iterator.next()).value ?? [];
  const header = mapHeader(headerCells);

  const result: ContactsCsv = {
    delimiter,
    columns: header.columns.map(({ field, header: spelled }) => ({ field, header: spelled })),
    ignoredColumns: header.ignoredColumns,
    contacts: [],
    duplicates: [],
    rejected: [],
    warnings: [],
    header: [...headerCells],
    rejectedCells: [],
  };
  const firstRowByKey = new Map<string, number>();
  const share = valueSharing();

  let row = 1; // the header is row 1
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    row += 1;
    if (row - 1 > limits.maxRows) throw tooManyRows(limits.maxRows);
    if (row % ROWS_PER_TURN === 0) await nextTurn();
    const cells = next.value;
    if (isBlank(cells)) continue;
    const reading = readContactRow(cells, header);
    if (!reading.ok) {
      // One entry per row, so counts of rejected entries are counts of rows.
      const [first] = reading.problems;
      result.rejected.push({ row, ...(first?.field ? { field: first.field } : {}), reason: reading.problems.map((p) => p.reason).join('; ') });
      if (result.rejectedCells.length < KEPT_REJECTED_ROWS) result.rejectedCells.push({ row, cells: [...cells] });
      continue;
    }
    const { contact } = reading;
    const firstRow = firstRowByKey.get(contact.emailKey);
    if (firstRow !== undefined) {
      result.duplicates.push({ row, email: contact.email, firstRow });
      continue;
    }
    firstRowByKey.set(contact.emailKey, row);
    result.contacts.push({ row, contact: share(contact) });
    result.warnings.push(...reading.warnings.map((message) => ({ row, message })));
  }
  return result;
}
