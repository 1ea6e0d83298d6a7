import { describe, expect, it } from 'vitest';
import { parseContactsCsv } from '../../../src/contacts/csv-import.js';
import { AppError } from '../../../src/errors.js';

const csv = (...lines: string[]): string => lines.join('\r\n');

async function fileError(input: string | Buffer): Promise<AppError> {
  try {
    await parseContactsCsv(input);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

describe('parseContactsCsv refuses a whole file', () => {
  it.each([
    ['an empty string', ''],
    ['only a BOM and blank lines', '\uFEFF\r\n  \r\n'],
    ['an empty buffer', Buffer.alloc(0)],
  ])('when it is empty: %s', async (_label, input) => {
    expect(await fileError(input)).toMatchObject({ code: 'VALIDATION', message: 'The file is empty' });
  });

  it('when row 1 is empty', async () => {
    const message = 'The file has no header row: row 1 is empty';
    expect((await fileError(csv('', 'Email,Name', 'a@x.test,Ana'))).message).toBe(message);
    expect((await fileError(csv(',,', 'Email,Name,Outlet'))).message).toBe(message);
  });

  it('when row 1 holds data instead of column names', async () => {
    const error = await fileError(csv('Ana Morales,ana@x.test,Ledger', 'Bo,bo@x.test,Ledger'));
    expect(error.message).toBe("The file has no header row: row 1 holds data ('ana@x.test'), not column names");
    expect(error.issues).toEqual([{ row: 1, message: "row 1 holds data ('ana@x.test'), not column names" }]);
  });

  it('when no column holds the email address', async () => {
    expect((await fileError(csv('Name,Outlet,Contact', 'Ana,Ledger,ana at ledger'))).message).toBe(
      'The file has no email column: name one column Email, E-mail, Email Address or Mail',
    );
  });

  it.each([
    ['Email,Name,E-mail Address', "columns 'Email' and 'E-mail Address' are both read as email; keep one"],
    ['Email,Name,Full Name', "columns 'Name' and 'Full Name' are both read as name; keep one"],
    ['Email,State,Region', "columns 'State' and 'Region' are both read as region; keep one"],
  ])('when the header repeats a field: %s', async (header, message) => {
    const error = await fileError(csv(header, 'a@x.test,b,c'));
    expect(error.message).toBe(`The header repeats a field: ${message}`);
    expect(error.issues).toEqual([{ row: 1, field: expect.any(String), message }]);
  });

  const neverClosed = 'a quoted value is never closed';
  const textAfterQuote = 'text follows the closing quote of a quoted value';
  const strayQuote = 'a quote appears inside a value that is not quoted (double it and quote the value)';
  it.each([
    ['a quote that is never closed', csv('Email,Name', 'a@x.test,Ana', 'b@x.test,"Bo', 'c@x.test,Cy'), neverClosed],
    ['text after a closing quote', csv('Email,Name', 'a@x.test,Ana', 'b@x.test,"Bo"x'), textAfterQuote],
    ['a quote inside an unquoted value', csv('Email,Name', 'a@x.test,Ana', 'b@x.test,Jim "JB" Baker'), strayQuote],
    // Physical line 4, but row 3: the cell above spans two lines.
    ['a row after a multi-line cell', csv('Email,Name', 'a@x.test,"Ana\r\nM."', 'b@x.test,"Bo"x'), textAfterQuote],
  ])('when a quoted field is malformed, naming row 3: %s', async (_label, input, problem) => {
    const error = await fileError(input);
    expect(error).toMatchObject({ code: 'VALIDATION', message: `Row 3 is malformed: ${problem}` });
    expect(error.issues).toEqual([{ row: 3, message: problem }]);
  });

  it('when the bytes are not UTF-8 (a Windows-1252 export, a UTF-16 file, a workbook)', async () => {
    const notUtf8 = /^The file is not UTF-8 text .*; save it from the spreadsheet as "CSV UTF-8"$/;
    const windows1252 = Buffer.from('Email,Name\r\nj@x.test,Jos\xe9\r\n', 'latin1');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Email\r\n', 'utf16le')]);
    const xlsx = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0xa8, 0xe1]);
    for (const input of [windows1252, utf16, xlsx]) expect((await fileError(input)).message).toMatch(notUtf8);
  });

  it('when the file holds NUL characters', async () => {
    expect((await fileError(Buffer.from('Email\r\n', 'utf16le'))).message).toBe(
      'The file looks binary, not like CSV text; save it from the spreadsheet as "CSV UTF-8"',
    );
  });

  it('when the text was decoded from non-UTF-8 bytes before it reached us', async () => {
    const misread = Buffer.from('Email,Name\r\nj@x.test,Jos\xe9\r\n', 'latin1').toString('utf8');
    expect((await fileError(misread)).message).toBe(
      'The file was not read as UTF-8 text; save it from the spreadsheet as "CSV UTF-8"',
    );
  });
});
