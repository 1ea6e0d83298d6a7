import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReleaseContent } from '../../src/releases/release.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

interface Problem {
  code: string;
  issues?: { field?: string; message: string }[];
}

const esc = '\u001b]0;pwned\u0007\u001b[2J\u009b';

describe.each(testDatabaseKinds())('text of a release through the API (%s)', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database, workers: false });
  });
  afterAll(async () => t?.close());

  const stored = async (id: string) => (await t.api<{ content: ReleaseContent }>('GET', `/api/v1/releases/${id}`)).body.content;

  it('removes control characters from every field, keeping the lines of prose', async () => {
    const res = await t.api<{ id: string }>('POST', '/api/v1/releases', {
      json: {
        content: {
          headline: `Harbor Legal Aid${esc} opens\r\na clinic`,
          dateline: `SAN DIEGO\u0000`,
          body: `First paragraph.${esc}\r\n\r\n\tSecond\u007f paragraph.`,
          quotes: [{ text: `We are ready.\r\nAll of us.${esc}`, speaker: `Dana${esc} Whitfield` }],
          contacts: [{ name: `Dana\tWhitfield${esc}`, email: 'press@harborlegalaid.example.org' }],
          boilerplate: { heading: `About${esc} Harbor`, text: `Founded in 1990.\r\nServes San Diego.${esc}` },
          links: [{ label: `Report${esc}`, url: 'https://harborlegalaid.example.org/report' }],
        },
      },
    });
    expect(res.status).toBe(201);
    const content = await stored(res.body.id);
    expect(JSON.stringify(content).replace(/\\n|\\t/g, '')).not.toMatch(/\\u00|\\r|\\b|\\f/);
    expect(content).toMatchObject({
      headline: 'Harbor Legal Aid]0;pwned[2J opens a clinic',
      dateline: 'SAN DIEGO',
      body: 'First paragraph.]0;pwned[2J\n\n\tSecond paragraph.',
      quotes: [{ text: 'We are ready.\nAll of us.]0;pwned[2J', speaker: 'Dana]0;pwned[2J Whitfield' }],
      contacts: [{ name: 'Dana Whitfield]0;pwned[2J' }],
      boilerplate: { heading: 'About]0;pwned[2J Harbor', text: 'Founded in 1990.\nServes San Diego.]0;pwned[2J' },
      links: [{ label: 'Report]0;pwned[2J' }],
    });
  });

  it('removes them from an import in the authoring format too', async () => {
    const source = `---\nheadline: "Harbor\\e[2J opens a clinic"\ncontacts:\n  - name: "Dana\\x9b Whitfield"\n---\nSAN DIEGO — The body.\u0007\n`;
    const res = await t.api<{ id: string }>('POST', '/api/v1/releases', { json: { source, filename: 'release.md' } });
    expect(res.status).toBe(201);
    const content = await stored(res.body.id);
    expect(content.headline).toBe('Harbor[2J opens a clinic');
    expect(content.contacts[0]?.name).toBe('Dana Whitfield');
    expect(content.body).toBe('SAN DIEGO — The body.');
  });

  it('refuses a contact name longer than 200 characters with a field issue', async () => {
    const res = await t.api<Problem>('POST', '/api/v1/releases', {
      json: { content: { headline: 'A headline', body: 'A body.', contacts: [{ name: 'N'.repeat(201) }] } },
    });
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([expect.objectContaining({ field: 'content.contacts.0.name' })]);
  });
});
