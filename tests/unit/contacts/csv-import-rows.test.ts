import { describe, expect, it } from 'vitest';
import { parseContactsCsv } from '../../../src/contacts/csv-import.js';

const csv = (...lines: string[]): string => lines.join('\r\n');
const rowsOf = (entries: ReadonlyArray<{ row: number }>): number[] => entries.map((e) => e.row);

describe('parseContactsCsv row rules', () => {
  it('trims every cell', async () => {
    const result = await parseContactsCsv(csv('Email,Name,Outlet', '  ana@x.test\t,  Ana Morales ,"  Ledger  "'));
    expect(result.contacts[0]?.contact).toMatchObject({ email: 'ana@x.test', name: 'Ana Morales', outlet: 'Ledger' });
  });

  it.each([
    ['First Name', '=HYPERLINK("http://evil.test","x")'],
    ['Last Name', '+1+1'],
    ['Outlet', '-2+3'],
    ['Title', '@SUM(A1)'],
    ['Beat', ' =1+1'],
    ['City', '\t=1+1'],
    ['State', '\r=1+1'],
    ['Country', '\tFrance'],
  ])('refuses a %s cell that looks like a formula: %j', async (header, value) => {
    const headers = ['Email', 'First Name', 'Last Name', 'Outlet', 'Title', 'Beat', 'City', 'State', 'Country'];
    const quoted = `"${value.replaceAll('"', '""')}"`;
    const cells = headers.map((h) => (h === header ? quoted : h === 'Email' ? 'a@x.test' : 'ok'));
    const result = await parseContactsCsv(csv(headers.join(','), cells.join(',')));
    expect(result.contacts).toEqual([]);
    expect(result.rejected).toEqual([
      expect.objectContaining({ row: 2, reason: `${header} looks like a spreadsheet formula` }),
    ]);
  });

  it('accepts leading + and @ where they are normal: phone numbers and handles', async () => {
    const result = await parseContactsCsv(csv('Email,Name,Phone,Twitter Handle', 'a@x.test,Ana,+1 555 0100,@anamorales'));
    expect(result.contacts[0]?.contact).toMatchObject({ phone: '+1 555 0100', twitter: 'anamorales' });
  });

  it('reports every problem of a rejected row, once per row', async () => {
    const result = await parseContactsCsv(csv('E-mail,Name,Embargo', 'a@@x.test,=cmd(),maybe'));
    expect(result.rejected).toEqual([
      {
        row: 2,
        field: 'email',
        reason: "E-mail 'a@@x.test' has more than one @; Name looks like a spreadsheet formula; Embargo 'maybe' is not yes or no",
      },
    ]);
  });

  it('escapes a line break hidden in a quoted address when it names the problem', async () => {
    const result = await parseContactsCsv(csv('Email,Name', '"ed@news.example\r\nBcc: spy@evil.test",Ed'));
    expect(result.rejected).toEqual([
      { row: 2, field: 'email', reason: "Email 'ed@news.example\\r\\nBcc: spy@evil.test' contains a line break" },
    ]);
  });

  it('reads embargo answers as booleans and leaves an empty cell unset', async () => {
    const answers = ['yes', 'No', 'Y', 'n', 'TRUE', 'false', '1', '0', 'x', 'X', ''];
    const result = await parseContactsCsv(csv('Email,Embargo OK', ...answers.map((a, i) => `p${i}@x.test,${a}`)));
    expect(result.contacts.map((c) => c.contact.embargoOk)).toEqual([
      true, false, true, false, true, false, true, false, true, true, undefined,
    ]);
  });

  it('refuses an embargo answer that is not yes or no', async () => {
    const result = await parseContactsCsv(csv('Email,Accepts Embargo', 'a@x.test,sometimes', 'b@x.test,constructor'));
    expect(result.rejected).toEqual([
      { row: 2, field: 'embargoOk', reason: "Accepts Embargo 'sometimes' is not yes or no" },
      { row: 3, field: 'embargoOk', reason: "Accepts Embargo 'constructor' is not yes or no" },
    ]);
  });

  it('normalizes languages and warns, without rejecting, about one it does not know', async () => {
    const result = await parseContactsCsv(
      csv('Email,Preferred Language', 'a@x.test,Spanish', 'b@x.test,es-MX', 'c@x.test,Klingon'),
    );
    expect(result.contacts.map((c) => c.contact.language)).toEqual(['es', 'es', undefined]);
    expect(result.warnings).toEqual([
      { row: 4, message: "Preferred Language 'Klingon' is not a language Presswire knows; left blank" },
    ]);
  });

  it('rejects a row with more cells than the header, and accepts one with fewer', async () => {
    const result = await parseContactsCsv(csv('Email,Name,Outlet', 'a@x.test,Morales, Ana,Ledger', 'b@x.test,Bo'));
    expect(result.rejected).toEqual([
      { row: 2, reason: 'Row has 4 cells but the header has 3: is a value with a delimiter missing its quotes?' },
    ]);
    expect(result.contacts).toEqual([{ row: 3, contact: expect.objectContaining({ email: 'b@x.test', name: 'Bo' }) }]);
  });

  it('compares addresses case-insensitively and keeps the first occurrence', async () => {
    const result = await parseContactsCsv(csv('Email,Name', 'Ana@X.test,First', 'ana@x.test,Second', ' ANA@x.TEST ,Third'));
    expect(result.contacts).toEqual([{ row: 2, contact: expect.objectContaining({ name: 'First' }) }]);
    expect(result.duplicates).toEqual([
      { row: 3, email: 'ana@x.test', firstRow: 2 },
      { row: 4, email: 'ANA@x.TEST', firstRow: 2 },
    ]);
  });

  it('lets a later valid row win over a rejected first occurrence', async () => {
    const result = await parseContactsCsv(csv('Email,Name', 'ana@x.test,=bad()', 'ana@x.test,Ana'));
    expect(rowsOf(result.rejected)).toEqual([2]);
    expect(rowsOf(result.contacts)).toEqual([3]);
    expect(result.duplicates).toEqual([]);
  });
});

describe('parseContactsCsv control characters and lengths', () => {
  it('removes control characters from every text cell, so nothing stored can drive a terminal', async () => {
    const result = await parseContactsCsv(csv('Email,Name,Outlet,Title,Phone', 'a@x.test,"Ana\u001b[2J Morales\u0007","Ledger\u009b","Senior\r\nReporter","+1 555\u007f 0100"'));
    expect(result.contacts[0]?.contact).toMatchObject({ name: 'Ana[2J Morales', outlet: 'Ledger', title: 'Senior Reporter', phone: '+1 555 0100' });
  });

  it('refuses an address holding a control character, naming it escaped', async () => {
    const result = await parseContactsCsv(csv('Email,Name', '"a\u001b@x.test",Ana'));
    expect(result.rejected).toEqual([{ row: 2, field: 'email', reason: "Email 'a\\u001b@x.test' contains a control or invisible character" }]);
  });

  it('refuses a display name longer than 200 characters, row by row', async () => {
    const result = await parseContactsCsv(csv('Email,Name', `a@x.test,${'N'.repeat(201)}`, `b@x.test,${'N'.repeat(200)}`));
    expect(result.rejected).toEqual([{ row: 2, field: 'name', reason: 'Name is longer than 200 characters' }]);
    expect(rowsOf(result.contacts)).toEqual([3]);
  });

  it('refuses first and last names that make a display name longer than 200 characters', async () => {
    const result = await parseContactsCsv(csv('Email,First Name,Last Name', `a@x.test,${'F'.repeat(150)},${'L'.repeat(60)}`));
    expect(result.rejected).toEqual([{ row: 2, field: 'name', reason: 'First Name and Last Name together are longer than 200 characters' }]);
  });
});
