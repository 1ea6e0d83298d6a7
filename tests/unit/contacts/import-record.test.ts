/** What an import's audit row keeps of its report, and the rejected rows handed back as CSV: complete for a normal file, bounded for a broken one. */
import { describe, expect, it } from 'vitest';
import { KEPT_REJECTED_ROWS, parseContactsCsv } from '../../../src/contacts/csv-import.js';
import { importDetail, importRecordIn } from '../../../src/contacts/import-record.js';
import { rejectedRowsCsv } from '../../../src/contacts/rejected-csv.js';
import { readFixture } from '../../helpers/fixtures.js';

const counts = { imported: 0, updated: 0, unchanged: 0 };
const headings = { row: 'Row', reason: 'Reason' };

describe('the import record', () => {
  it('keeps every rejected row of the Cision-style export with its cells, and reads back as it was written', async () => {
    const parsed = await parseContactsCsv(readFixture('contacts/media-list-cision-style.csv'));
    const detail = JSON.parse(JSON.stringify(importDetail('press', { ...counts, imported: 15 }, parsed))) as Record<string, unknown>;
    expect(detail).toMatchObject({ name: 'press', imported: 15, rejected: 3 });
    const record = importRecordIn(detail)!;
    expect(record.rejected.map((r) => r.row)).toEqual([10, 11, 18]);
    expect(record.rejected.every((r) => r.cells?.length === 10)).toBe(true);
    expect(record.totals).toEqual({ duplicates: 1, rejected: 3, warnings: 0 });
  });

  it('is undefined for an import recorded before the report was kept', () => {
    expect(importRecordIn({ name: 'press', imported: 1, updated: 0, unchanged: 0, rejected: 0 })).toBeUndefined();
    expect(importRecordIn(null)).toBeUndefined();
  });

  it('keeps the cells of the first rejected rows only, so a file of bad rows cannot make the audit row huge', async () => {
    const long = 'x'.repeat(100 * 1024);
    const rows = Array.from({ length: KEPT_REJECTED_ROWS + 5 }, (_, i) => `not-an-address-${i},${i < 10 ? long : 'short'}`);
    const parsed = await parseContactsCsv(['Email,Notes', ...rows].join('\n'));
    const record = importRecordIn(importDetail('press', counts, parsed))!;
    expect(record.totals.rejected).toBe(KEPT_REJECTED_ROWS + 5);
    expect(record.rejected).toHaveLength(KEPT_REJECTED_ROWS);
    const cellChars = record.rejected.reduce((n, r) => n + (r.cells?.join('').length ?? 0), 0);
    expect(cellChars).toBeLessThanOrEqual(512 * 1024);
    expect(record.rejected.filter((r) => !r.cells).length).toBeGreaterThan(0);
  });
});

describe('the rejected rows as CSV', () => {
  it('writes a cell a spreadsheet would run with a leading apostrophe, and quotes every cell', () => {
    const record = importRecordIn(
      importDetail('press', counts, {
        delimiter: ',', columns: [], ignoredColumns: [], contacts: [], duplicates: [], warnings: [],
        header: ['Name', 'Email'],
        rejected: [{ row: 2, reason: 'Name looks like a spreadsheet formula' }, { row: 3, reason: 'Email is empty' }],
        rejectedCells: [{ row: 2, cells: ['=HYPERLINK("x")', '+1@x.org'] }, { row: 3, cells: ['\tTab', '-'] }],
      }),
    )!;
    expect(rejectedRowsCsv(record, headings)).toBe(
      '\uFEFF"Row","Reason","Name","Email"\r\n"2","Name looks like a spreadsheet formula","\'=HYPERLINK(""x"")","\'+1@x.org"\r\n"3","Email is empty","\'\tTab","\'-"\r\n',
    );
  });
});
