/**
 * A large media list neither stalls the process nor passes its limits: the API keeps
 * answering and a distribution keeps sending during an import, and a file over
 * CSV_IMPORT_MAX_BYTES or _ROWS gets 413.
 * How fast an import goes is measured by the benchmark (npm run bench -- csv), not here.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { journalists, seedList, seedRelease, send } from '../helpers/scenario.js';
import { SmtpSink } from '../helpers/smtp-sink.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

interface Problem {
  status: number;
  code: string;
  detail: string;
  issues?: { field?: string; message: string }[];
}

const header = 'Email,Name,Outlet,Title,Beat,City,State,Country\n';
const mediaList = (rows: number): string => {
  const lines = [header];
  for (let i = 0; i < rows; i++) lines.push(`journalist${i}@outlet${i % 97}.example.org,Journalist ${i},Outlet ${i % 97},Reporter,Courts,San Diego,CA,US\n`);
  return lines.join('');
};

describe.each(testDatabaseKinds())('a large media list (%s)', (database) => {
  const sink = new SmtpSink();
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    await sink.start();
    t = await startTestApp({ database, smtpPort: sink.port });
    // A real listener: inject() would not show the event loop being held.
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t?.close();
    await sink.close();
  });

  it('imports while /healthz keeps answering within a second and a distribution goes out', async () => {
    const rows = 100_000;
    const body = mediaList(rows);
    const releaseId = await seedRelease(t);
    const desk = journalists(40, 'during-import.example.org');
    await seedList(t, 'desk', desk);
    // The time from one health answer to the next: a stall shows whether it began during a
    // request or during the pause between two (the client shares the server's event loop).
    const gaps: number[] = [];
    let importing = true;
    const polling = (async () => {
      let last = performance.now();
      while (importing) {
        const res = await fetch(`${base}/healthz`);
        await res.arrayBuffer();
        expect(res.status).toBe(200);
        gaps.push(performance.now() - last);
        last = performance.now();
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const importing$ = fetch(`${base}/api/v1/lists/large/import`, { method: 'POST', headers: { authorization: `Bearer ${t.token}`, 'content-type': 'text/csv' }, body });
    // Sent once the import is under way: its messages must not wait for the import to end.
    await new Promise((r) => setTimeout(r, 300));
    await send(t, releaseId, ['desk']);
    const res = await importing$;
    const importEnded = Date.now();
    importing = false;
    await polling;
    const sentDuring = sink.received.filter((m) => m.rcptTo[0]!.endsWith('@during-import.example.org') && m.at < importEnded);
    expect(sentDuring).toHaveLength(desk.length);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ imported: rows, rejected: [], duplicates: [] });
    expect(gaps.length).toBeGreaterThan(5);
    expect(Math.max(...gaps)).toBeLessThan(1000);
  }, 60_000);
});

describe.each(testDatabaseKinds())('media-list limits (%s)', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database, workers: false, env: { CSV_IMPORT_MAX_BYTES: '4096', CSV_IMPORT_MAX_ROWS: '20' } });
  });
  afterAll(async () => t?.close());

  const importCsv = (list: string, csv: string) => t.api<Problem>('POST', `/api/v1/lists/${list}/import`, { body: csv });
  const listNames = async () => (await t.api<{ lists: { name: string }[] }>('GET', '/api/v1/lists')).body.lists.map((l) => l.name);

  it('answers 413 naming the byte limit, and imports nothing', async () => {
    const res = await importCsv('bytes', `Email,Name,Notes\na@x.example.org,Ana,${'x'.repeat(5000)}\n`);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ status: 413, code: 'TOO_LARGE' });
    expect(res.body.detail).toMatch(/larger than 4,096 bytes.*CSV_IMPORT_MAX_BYTES/);
    expect(res.body.issues).toEqual([{ field: 'body', message: expect.stringContaining('4,096 bytes') }]);
    expect(await listNames()).not.toContain('bytes');
  });

  it('answers 413 naming the row limit, and imports nothing', async () => {
    const res = await importCsv('rows', mediaList(21));
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('TOO_LARGE');
    expect(res.body.detail).toMatch(/more than 20 rows.*CSV_IMPORT_MAX_ROWS/);
    expect(await listNames()).not.toContain('rows');
  });

  it('imports a file within both limits', async () => {
    const res = await t.api<{ imported: number }>('POST', '/api/v1/lists/within/import', { body: mediaList(20) });
    expect(res.status).toBe(200);
    expect(res.body.imported).toBe(20);
  });
});
