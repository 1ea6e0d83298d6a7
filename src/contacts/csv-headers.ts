/**
 * Which contact field each column of a media-list export holds, from the header
 * row as Cision, Muck Rack, Meltwater or a hand-made spreadsheet spells it.
 */
import { invalid } from '../errors.js';
import { checkAddress } from './address.js';

/** Header names per field, in the form `headerKey` produces. */
const synonyms = {
  email: ['email', 'emailaddress', 'mail'],
  name: ['name', 'fullname', 'contactname'],
  firstName: ['firstname', 'givenname'],
  lastName: ['lastname', 'surname', 'familyname'],
  outlet: ['outlet', 'publication', 'mediaoutlet', 'organization', 'organisation', 'company', 'media'],
  title: ['title', 'jobtitle', 'position', 'role'],
  beat: ['beat', 'beats', 'topics', 'topic', 'coverage'],
  city: ['city'],
  region: ['state', 'region', 'province'],
  country: ['country'],
  language: ['language', 'preferredlanguage', 'lang'],
  embargoOk: ['embargook', 'acceptsembargo', 'embargo'],
  tracking: ['tracking', 'trackopens', 'trackingok', 'opentracking'],
  twitter: ['twitter', 'twitterhandle', 'x', 'xhandle'],
  phone: ['phone', 'telephone', 'phonenumber'],
} as const;

export type ContactField = keyof typeof synonyms;

const fieldByKey = new Map<string, ContactField>(
  (Object.keys(synonyms) as ContactField[]).flatMap((field) => synonyms[field].map((key) => [key, field] as const)),
);

/** "E-mail Address", "email_address" and "Email address:" all become "emailaddress". */
const headerKey = (header: string): string => header.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** A recognised column: the field, the header as the file spells it, and its position. */
export interface Column {
  field: ContactField;
  header: string;
  index: number;
}

export interface HeaderMap {
  columns: Column[];
  /** Named columns we do not read, as spelled in the file (blank header cells are left out). */
  ignoredColumns: string[];
  /** Number of cells in the header row; a data row with more is misaligned. */
  width: number;
}

/** Map the header row to fields; refuse a header we cannot trust to read the rows. */
export function mapHeader(cells: readonly string[]): HeaderMap {
  const columns: Column[] = [];
  const ignoredColumns: string[] = [];
  cells.forEach((cell, index) => {
    const header = cell.trim();
    const field = fieldByKey.get(headerKey(header));
    if (field) columns.push({ field, header, index });
    else if (header) ignoredColumns.push(header);
  });
  if (!columns.some((c) => c.field === 'email')) throw missingEmailColumn(cells);
  refuseRepeatedFields(columns);
  return { columns, ignoredColumns, width: cells.length };
}

function missingEmailColumn(cells: readonly string[]): Error {
  const address = cells.find((cell) => checkAddress(cell).ok);
  const noHeader = cells.every((cell) => !cell.trim())
    ? 'row 1 is empty'
    : address && `row 1 holds data ('${address.trim()}'), not column names`;
  if (noHeader) return invalid(`The file has no header row: ${noHeader}`, [{ row: 1, message: noHeader }]);
  return invalid('The file has no email column: name one column Email, E-mail, Email Address or Mail', [
    { row: 1, message: 'no email column' },
  ]);
}

function refuseRepeatedFields(columns: readonly Column[]): void {
  const seen = new Map<ContactField, Column>();
  for (const column of columns) {
    const first = seen.get(column.field);
    if (first) {
      const message = `columns '${first.header}' and '${column.header}' are both read as ${column.field}; keep one`;
      throw invalid(`The header repeats a field: ${message}`, [{ row: 1, field: column.field, message }]);
    }
    seen.set(column.field, column);
  }
}
