import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseContactsCsv, type ContactsCsv } from '../../../src/contacts/csv-import.js';
import { fixturePath, readFixture } from '../../helpers/fixtures.js';

const csv = (...lines: string[]): string => lines.join('\r\n');
const contactAt = (result: ContactsCsv, row: number) => result.contacts.find((c) => c.row === row)?.contact;
const rowsOf = (entries: ReadonlyArray<{ row: number }>): number[] => entries.map((e) => e.row);

const cision = await parseContactsCsv(readFixture('contacts/media-list-cision-style.csv'));
const muckRack = await parseContactsCsv(readFixture('contacts/media-list-muckrack-style.csv'));

describe('parseContactsCsv on a Cision-style export', () => {
  const result = cision;

  // Rows as a spreadsheet numbers them: the header (after the BOM) is row 1, Ana Morales row 2.
  it('keeps 15 contacts, reports one duplicate and rejects three rows naming the column', async () => {
    expect(result.contacts).toHaveLength(15);
    expect(result.duplicates).toEqual([{ row: 9, email: 'lena.fischer@wire-service.example.com', firstRow: 8 }]);
    expect(result.rejected).toEqual([
      { row: 10, field: 'email', reason: "Email 'marcus.bell@@valleytimes.example.com' has more than one @" },
      { row: 11, field: 'email', reason: 'Email is empty' },
      { row: 18, field: 'firstName', reason: 'First Name looks like a spreadsheet formula' },
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('reads the header despite the BOM and maps every column', async () => {
    expect(result.delimiter).toBe(',');
    expect(result.columns.map((c) => c.field)).toEqual([
      'firstName', 'lastName', 'email', 'outlet', 'title', 'beat', 'city', 'region', 'language', 'twitter',
    ]);
    expect(result.columns.find((c) => c.field === 'region')?.header).toBe('State');
    expect(result.ignoredColumns).toEqual([]);
  });

  it('builds the name from first and last name and keeps accents', async () => {
    // The fixture spells the surname "Ñúñez".
    expect(contactAt(result, 4)).toMatchObject({
      name: 'José Ñúñez',
      firstName: 'José',
      lastName: 'Ñúñez',
      language: 'es',
      beat: 'Inmigración',
      twitter: 'josenunez',
    });
    expect(contactAt(result, 5)?.name).toBe('María José García-López');
  });

  it('keeps the first of two Lena Fischer rows, trimmed with its case preserved', async () => {
    expect(contactAt(result, 8)).toMatchObject({
      email: 'Lena.Fischer@Wire-Service.example.com',
      emailKey: 'lena.fischer@wire-service.example.com',
    });
  });

  it('strips the @ from handles and leaves embargoOk unset without an embargo column', async () => {
    const ana = contactAt(result, 2);
    expect(ana?.twitter).toBe('anamorales');
    expect(ana?.embargoOk).toBeUndefined();
    expect(contactAt(result, 3)?.twitter).toBeUndefined();
  });

  it('reads the same file given as bytes', async () => {
    expect(await parseContactsCsv(readFileSync(fixturePath('contacts/media-list-cision-style.csv')))).toEqual(result);
  });
});

describe('parseContactsCsv on a Muck Rack-style export', () => {
  const result = muckRack;

  it('keeps 5 contacts and rejects the row without an address', async () => {
    expect(result.contacts).toHaveLength(5);
    expect(result.duplicates).toEqual([]);
    expect(result.rejected).toEqual([{ row: 7, field: 'email', reason: "Email 'not-an-email' has no @" }]);
  });

  it('normalizes the address key, languages, handles and embargo answers', async () => {
    expect(contactAt(result, 2)).toEqual({
      email: 'ANA.MORALES@LEDGER.EXAMPLE.COM',
      emailKey: 'ana.morales@ledger.example.com',
      name: 'Ana Morales',
      outlet: 'Los Angeles Ledger',
      beat: 'Immigration',
      twitter: 'anamorales',
      language: 'en',
      embargoOk: true,
    });
    expect(contactAt(result, 4)).toMatchObject({ language: 'es', embargoOk: false });
    expect(result.contacts.map((c) => c.contact.language)).toEqual(['en', 'en', 'es', 'en', 'en']);
  });

  it('unquotes doubled quotes in a name', async () => {
    expect(contactAt(result, 6)?.name).toBe('Jim "JB" Baker');
  });
});

describe('parseContactsCsv delimiters and line ends', () => {
  it('detects semicolons and keeps commas inside values', async () => {
    const result = await parseContactsCsv(csv('Email;Name;Outlet', 'ana@x.test;Morales, Ana;Ledger, The'));
    expect(result.delimiter).toBe(';');
    expect(result.contacts[0]?.contact).toMatchObject({ name: 'Morales, Ana', outlet: 'Ledger, The' });
  });

  it('detects tabs', async () => {
    const result = await parseContactsCsv(csv('Name\tEmail\tBeat', 'Ana Morales\tana@x.test\tCourts; Crime, Police'));
    expect(result.delimiter).toBe('\t');
    expect(result.contacts[0]?.contact).toMatchObject({ email: 'ana@x.test', beat: 'Courts; Crime, Police' });
  });

  it('counts delimiters on the header only outside quotes', async () => {
    const result = await parseContactsCsv(csv('"Notes, misc";Email;"Outlet"', 'a, b, c;ana@x.test;Ledger'));
    expect(result.delimiter).toBe(';');
    expect(result.ignoredColumns).toEqual(['Notes, misc']);
  });

  it('accepts CR-only and mixed line ends', async () => {
    const crOnly = await parseContactsCsv('Email,Name\rana@x.test,Ana\rbo@x.test,Bo\r');
    expect(crOnly.contacts.map((c) => [c.row, c.contact.name])).toEqual([[2, 'Ana'], [3, 'Bo']]);
    const mixed = await parseContactsCsv('Email,Name\r\nana@x.test,Ana\nbo@x.test,Bo\rcy@x.test,Cy');
    expect(rowsOf(mixed.contacts)).toEqual([2, 3, 4]);
  });

  it('numbers rows by record, so a multi-line quoted cell does not shift later rows', async () => {
    const result = await parseContactsCsv(
      csv('Name,Email,Title', '"Ana\r\nMorales",ana@x.test,"Senior\nReporter"', 'Bo,bo@@x.test,Editor', 'Cy,cy@x.test'),
    );
    // One-line fields: a line break inside a cell becomes a space.
    expect(contactAt(result, 2)).toMatchObject({ name: 'Ana Morales', title: 'Senior Reporter' });
    expect(rowsOf(result.rejected)).toEqual([3]);
    expect(rowsOf(result.contacts)).toEqual([2, 4]);
  });

  it('skips empty rows silently but still counts them', async () => {
    const result = await parseContactsCsv(csv('Email,Name', 'ana@x.test,Ana', '', ' , ', ',,,,', 'bo@@x.test,Bo', ''));
    expect(rowsOf(result.contacts)).toEqual([2]);
    expect(rowsOf(result.rejected)).toEqual([6]);
  });
});

describe('parseContactsCsv headers', () => {
  it('understands synonyms whatever their case, spacing and punctuation', async () => {
    const result = await parseContactsCsv(
      csv(
        'E-mail Address,Full Name,Publication,Topics,Job_Title,Province,COUNTRY,Lang,' +
          'Accepts Embargo?,X Handle,Phone Number,Notes',
        'ana@x.test,Ana Morales,Ledger,Courts,Reporter,Ontario,Canada,fr,Y,@ana,+1 555 0100,met at CES',
      ),
    );
    expect(result.columns.map((c) => c.field)).toEqual([
      'email', 'name', 'outlet', 'beat', 'title', 'region', 'country', 'language', 'embargoOk', 'twitter', 'phone',
    ]);
    expect(result.ignoredColumns).toEqual(['Notes']);
    expect(result.contacts[0]?.contact).toEqual({
      email: 'ana@x.test',
      emailKey: 'ana@x.test',
      name: 'Ana Morales',
      outlet: 'Ledger',
      beat: 'Courts',
      title: 'Reporter',
      region: 'Ontario',
      country: 'Canada',
      language: 'fr',
      embargoOk: true,
      twitter: 'ana',
      phone: '+1 555 0100',
    });
  });

  it.each([
    ['Mail,Contact Name,Media Outlet,Coverage,Role', 'outlet'],
    ['email_address,Name,Organization,Beats,Position', 'outlet'],
    ['E-MAIL,Name,Company,Topic,Title', 'outlet'],
  ])('maps %s', async (header, field) => {
    const result = await parseContactsCsv(csv(header, 'ana@x.test,Ana,Ledger,Courts,Reporter'));
    expect(result.columns.map((c) => c.field)).toEqual(['email', 'name', field, 'beat', 'title']);
    expect(result.contacts).toHaveLength(1);
  });

  it('prefers a full name and builds one from whichever part is given', async () => {
    const result = await parseContactsCsv(
      csv('Email,Full Name,Given Name,Family Name', 'a@x.test,Ana M.,Ana,Morales', 'b@x.test,,Bo,', 'c@x.test,,,Cruz'),
    );
    expect(result.contacts.map((c) => c.contact.name)).toEqual(['Ana M.', 'Bo', 'Cruz']);
    const surname = await parseContactsCsv(csv('Email,Surname', 'd@x.test,Diaz'));
    expect(surname.contacts[0]?.contact).toMatchObject({ name: 'Diaz', lastName: 'Diaz' });
  });
});
