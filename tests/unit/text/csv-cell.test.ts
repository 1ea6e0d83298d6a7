import { describe, expect, it } from 'vitest';
import { csvCell, csvFile, csvLine, neutralCell } from '../../../src/text/csv-cell.js';

/** Reads back one RFC 4180 record (quoted cells only, as csvLine writes them). */
function readRecord(line: string): string[] {
  const cells: string[] = [];
  const pattern = /"((?:[^"]|"")*)"(?:,|\r\n$)/gy;
  for (let m = pattern.exec(line); m; m = pattern.exec(line)) cells.push(m[1]!.replaceAll('""', '"'));
  return cells;
}

describe('CSV cells', () => {
  it.each([
    ['=HYPERLINK("http://evil.example/","x")', `'=HYPERLINK("http://evil.example/","x")`],
    ['+1+2', `'+1+2`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\t=1', `'\t=1`],
    ['\r=1', `'\r=1`],
    ['  =1', `'  =1`],
  ])('neutralises a cell a spreadsheet would run: %j', (value, inert) => {
    expect(neutralCell(value)).toBe(inert);
    expect(readRecord(csvLine([value]))).toEqual([inert]);
  });

  it.each(['Ana Ruiz', 'ana@news.example.org', '3 = three', "O'Brien", '', 'Ñandú'])('leaves ordinary text as it is: %j', (value) => {
    expect(neutralCell(value)).toBe(value);
    expect(readRecord(csvLine([value]))).toEqual([value]);
  });

  it('quotes every cell and doubles inner quotes, keeping commas and line breaks inside', () => {
    expect(csvCell('Smith, "Jo"')).toBe('"Smith, ""Jo"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(3)).toBe('"3"');
    expect(csvLine(['a', 'b,c'])).toBe('"a","b,c"\r\n');
  });

  it('writes a file with a byte-order mark, the header and one CRLF line per row', () => {
    const file = csvFile(['Name', 'Email'], [['=1', 'a@example.org'], ['Bo', 'b@example.org']]);
    expect(file.startsWith('\uFEFF"Name","Email"\r\n')).toBe(true);
    expect(file.slice(1).split('\r\n')).toEqual(['"Name","Email"', `"'=1","a@example.org"`, '"Bo","b@example.org"', '']);
  });
});
