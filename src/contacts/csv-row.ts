/**
 * One data row of a media-list CSV: a contact record, or the reasons it is refused.
 * Reasons name the column as the file spells it, so people can find the cell.
 */
import { normalizeLanguage } from '../i18n/languages.js';
import { escapeControls, oneLine } from '../text/control-characters.js';
import { FORMULA_START } from '../text/csv-cell.js';
import { checkAddress, type AddressCheck } from './address.js';
import type { Column, ContactField, HeaderMap } from './csv-headers.js';

export interface ContactRecord {
  email: string;
  emailKey: string;
  name?: string;
  firstName?: string;
  lastName?: string;
  outlet?: string;
  title?: string;
  beat?: string;
  city?: string;
  region?: string;
  country?: string;
  language?: string;
  twitter?: string;
  phone?: string;
  embargoOk?: boolean;
  /** Whether opens and clicks may be tracked: "no"/"off" in a Tracking column turns it off. */
  tracking?: boolean;
}

export interface RowProblem {
  field?: ContactField;
  reason: string;
}

export type RowReading =
  | { ok: true; contact: ContactRecord; warnings: string[] }
  | { ok: false; problems: RowProblem[] };

interface Cell {
  header: string;
  raw: string;
  value: string;
}
type Cells = Partial<Record<ContactField, Cell>>;

// Fields people type prose into. Email, phone and handles are checked or normalized
// elsewhere, and legitimately start with "+" or "@".
const freeTextFields: readonly ContactField[] = [
  'name', 'firstName', 'lastName', 'outlet', 'title', 'beat', 'city', 'region', 'country',
];

const embargoWords = new Map<string, boolean>([
  ['yes', true], ['y', true], ['true', true], ['1', true], ['x', true],
  ['no', false], ['n', false], ['false', false], ['0', false],
]);
const trackingWords = new Map<string, boolean>([...embargoWords, ['on', true], ['off', false]]);

export function readContactRow(cells: readonly string[], header: HeaderMap): RowReading {
  if (cells.length > header.width) {
    const counts = `Row has ${cells.length} cells but the header has ${header.width}`;
    return { ok: false, problems: [{ reason: `${counts}: is a value with a delimiter missing its quotes?` }] };
  }
  const row = cellsByField(cells, header.columns);
  const email = checkAddress(row.email?.value ?? '');
  const problems = [...emailProblems(row.email, email), ...formulaProblems(row), ...lengthProblems(row), ...yesNoProblems(row.embargoOk, 'embargoOk', embargoWords), ...yesNoProblems(row.tracking, 'tracking', trackingWords)];
  if (!email.ok || problems.length > 0) return { ok: false, problems };
  return { ok: true, contact: toContact(row, email), warnings: languageWarnings(row.language) };
}

function cellsByField(cells: readonly string[], columns: readonly Column[]): Cells {
  const row: Cells = {};
  for (const { field, header, index } of columns) {
    const raw = cells[index] ?? '';
    // The address is checked as written: a line break in it is a refusal, not a space.
    row[field] = { header, raw, value: (field === 'email' ? raw : oneLine(raw)).trim() };
  }
  return row;
}

const textOf = (row: Cells, field: ContactField): string | undefined => row[field]?.value || undefined;

function toContact(row: Cells, email: { address: string; key: string }): ContactRecord {
  const firstName = textOf(row, 'firstName');
  const lastName = textOf(row, 'lastName');
  const fullName = [firstName, lastName].filter(Boolean).join(' ') || undefined;
  return {
    email: email.address,
    emailKey: email.key,
    name: textOf(row, 'name') ?? fullName,
    firstName,
    lastName,
    outlet: textOf(row, 'outlet'),
    title: textOf(row, 'title'),
    beat: textOf(row, 'beat'),
    city: textOf(row, 'city'),
    region: textOf(row, 'region'),
    country: textOf(row, 'country'),
    language: normalizeLanguage(textOf(row, 'language')),
    twitter: textOf(row, 'twitter')?.replace(/^@/, '') || undefined,
    phone: textOf(row, 'phone'),
    embargoOk: yesNoOf(row.embargoOk, embargoWords),
    tracking: yesNoOf(row.tracking, trackingWords),
  };
}

function emailProblems(cell: Cell | undefined, check: AddressCheck): RowProblem[] {
  if (check.ok) return [];
  const header = cell?.header ?? 'Email';
  const reason = cell?.value ? `${header} ${quote(cell.value)} ${check.reason}` : `${header} is empty`;
  return [{ field: 'email', reason }];
}

// A spreadsheet runs such a cell when the list is exported and opened again: CSV injection.
function formulaProblems(row: Cells): RowProblem[] {
  return freeTextFields.flatMap((field) => {
    const cell = row[field];
    if (!cell || !FORMULA_START.test(cell.raw)) return [];
    return [{ field, reason: `${cell.header} looks like a spreadsheet formula` }];
  });
}

/** Longest value per field: a name goes into a To: header and a greeting, an outlet into a table. */
export const maxLengths = {
  name: 200, firstName: 200, lastName: 200, outlet: 200, title: 200, beat: 500,
  city: 100, region: 100, country: 100, twitter: 100, phone: 50,
} as const satisfies Partial<Record<ContactField, number>>;

function lengthProblems(row: Cells): RowProblem[] {
  const fullName = [row.firstName?.value, row.lastName?.value].filter(Boolean).join(' ');
  const tooLong = (Object.keys(maxLengths) as (keyof typeof maxLengths)[]).flatMap((field) => {
    const cell = row[field];
    if (!cell || [...cell.value].length <= maxLengths[field]) return [];
    return [{ field, reason: `${cell.header} is longer than ${maxLengths[field]} characters` }];
  });
  // Without a name column the display name is first and last name together.
  if (!row.name?.value && tooLong.length === 0 && [...fullName].length > maxLengths.name) {
    tooLong.push({ field: 'name', reason: `${row.firstName!.header} and ${row.lastName!.header} together are longer than ${maxLengths.name} characters` });
  }
  return tooLong;
}

const yesNoOf = (cell: Cell | undefined, words: ReadonlyMap<string, boolean>): boolean | undefined =>
  cell?.value ? words.get(cell.value.toLowerCase()) : undefined;

function yesNoProblems(cell: Cell | undefined, field: ContactField, words: ReadonlyMap<string, boolean>): RowProblem[] {
  if (!cell?.value || yesNoOf(cell, words) !== undefined) return [];
  return [{ field, reason: `${cell.header} ${quote(cell.value)} is not yes or no` }];
}

function languageWarnings(cell: Cell | undefined): string[] {
  if (!cell?.value || normalizeLanguage(cell.value)) return [];
  return [`${cell.header} ${quote(cell.value)} is not a language Presswire knows; left blank`];
}

const MAX_QUOTED = 80;

/** A cell value fit for a one-line message: control characters escaped, long values cut. */
function quote(value: string): string {
  const visible = escapeControls(value);
  return `'${visible.length > MAX_QUOTED ? `${visible.slice(0, MAX_QUOTED)}…` : visible}'`;
}
