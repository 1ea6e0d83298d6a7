import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { readFixture } from '../helpers/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

interface Report {
  list: { name: string };
  imported: number;
  updated: number;
  unchanged: number;
  duplicates: { row: number; firstRow: number }[];
  rejected: { row: number; reason: string }[];
}

describe.each(testDatabaseKinds())('media lists through the API (%s)', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database, workers: false });
  });
  afterAll(async () => t?.close());

  const importCsv = (list: string, csv: string) => t.api<Report>('POST', `/api/v1/lists/${list}/import`, { body: csv });

  it('imports, then updates instead of duplicating on re-import', async () => {
    const first = await importCsv('desk', readFixture('contacts/media-list-cision-style.csv'));
    expect(first.body).toMatchObject({ imported: 15, updated: 0, unchanged: 0 });
    expect(first.body.duplicates).toEqual([{ row: 9, email: 'lena.fischer@wire-service.example.com', firstRow: 8 }]);
    expect(first.body.rejected.map((r) => r.row)).toEqual([10, 11, 18]);

    const again = await importCsv('desk', readFixture('contacts/media-list-cision-style.csv'));
    expect(again.body).toMatchObject({ imported: 0, updated: 0, unchanged: 15 });

    // Ana is already known (case differs): the second export updates her and joins her to a second list.
    const other = await importCsv('early', readFixture('contacts/media-list-muckrack-style.csv'));
    expect(other.body).toMatchObject({ imported: 4, updated: 1 });

    const { body } = await t.api<{ lists: { name: string; members: number }[] }>('GET', '/api/v1/lists');
    expect(body.lists).toEqual([expect.objectContaining({ name: 'desk', members: 15 }), expect.objectContaining({ name: 'early', members: 5 })]);
  });

  it('imports nothing from a file with a file-level error', async () => {
    const res = await t.api<{ code: string; detail: string }>('POST', '/api/v1/lists/broken/import', { body: 'Name,Outlet\nAna,Ledger\n' });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/email/i);
    const { body } = await t.api<{ lists: { name: string }[] }>('GET', '/api/v1/lists');
    expect(body.lists.map((l) => l.name)).not.toContain('broken');
  });

  it('reads semicolon exports with a BOM', async () => {
    const res = await importCsv('semicolons', '\uFEFFE-mail Address;Full Name;Publication\r\nlena@wire.example.com;Lena Fischer;Wire\r\n');
    expect(res.body.imported).toBe(1);
  });

  it('refuses a bad list name', async () => {
    const res = await t.api<{ code: string }>('POST', `/api/v1/lists/${encodeURIComponent('../etc')}/import`, { body: 'Email\na@b.example.org\n' });
    expect(res.status).toBe(400);
  });
});
