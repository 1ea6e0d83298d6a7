import { firstOrganisation } from '../../src/organisations/organisations.service.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/ids.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

interface Problem {
  code: string;
  detail: string;
  issues?: { field?: string; message: string }[];
}
interface ReleaseBody {
  id: string;
  embargo?: { until: string; zone: string };
}

const content = { headline: 'Harbor Legal Aid opens a second clinic', body: 'SAN DIEGO — Harbor Legal Aid opened a clinic today.' };
const until = '2030-03-10T07:01:00.000Z';

describe.each(testDatabaseKinds())('embargo zones (%s)', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database, workers: false });
  });
  afterAll(async () => t?.close());

  const zoneIssue = (body: Problem) => body.issues?.find((i) => i.field === 'embargo.zone');

  it('refuses a zone that is not an IANA time zone when a release is created', async () => {
    for (const zone of ['Mars/Olympus_Mons', 'PT', '+05:00', '', 'America/Los_Angeles\u001b[2J']) {
      const res = await t.api<Problem>('POST', '/api/v1/releases', { json: { content, embargo: { until, zone } } });
      expect(res.status, zone).toBe(400);
      expect(zoneIssue(res.body)?.message, zone).toMatch(/not an IANA time zone/);
    }
  });

  it('accepts IANA names and UTC', async () => {
    for (const zone of ['America/Los_Angeles', 'Europe/Paris', 'UTC']) {
      const res = await t.api<{ release: ReleaseBody }>('POST', '/api/v1/releases', { json: { content, embargo: { until, zone } } });
      expect(res.status, zone).toBe(201);
      expect(res.body.release.embargo).toEqual({ until, zone });
    }
  });

  it('refuses a bad zone on edit and keeps the stored one', async () => {
    const created = await t.api<{ id: string }>('POST', '/api/v1/releases', { json: { content, embargo: { until, zone: 'America/New_York' } } });
    const res = await t.api<Problem>('PATCH', `/api/v1/releases/${created.body.id}`, { json: { embargo: { until, zone: 'Atlantis/Capital' } } });
    expect(res.status).toBe(400);
    expect(zoneIssue(res.body)?.message).toMatch(/not an IANA time zone/);
    const stored = await t.api<ReleaseBody>('GET', `/api/v1/releases/${created.body.id}`);
    expect(stored.body.embargo?.zone).toBe('America/New_York');
  });

  it('reads, lists and previews a release stored with a bad zone without a server error, and repairs it by an edit', async () => {
    const id = newId('rel');
    const now = Date.now();
    await t.ctx.db.kysely
      .insertInto('releases')
      .values({
        id, org_id: (await firstOrganisation(t.ctx.db)).id, status: 'draft', language: 'en', headline: content.headline, translation_of: null, content: JSON.stringify({ ...content, kind: 'press_release', language: 'en', quotes: [], contacts: [], links: [] }),
        source_format: 'json', embargo_until: Date.parse(until), embargo_zone: 'Mars/Olympus_Mons', content_hash: null, created_at: now, updated_at: now, finalized_at: null,
      })
      .execute();

    const read = await t.api<ReleaseBody>('GET', `/api/v1/releases/${id}`);
    expect(read.status).toBe(200);
    expect(read.body.embargo).toEqual({ until, zone: 'Mars/Olympus_Mons' });
    const list = await t.api<{ releases: { id: string }[] }>('GET', '/api/v1/releases');
    expect(list.status).toBe(200);
    expect(list.body.releases.map((r) => r.id)).toContain(id);

    for (const variant of ['public', 'embargoed']) {
      const preview = await t.api<Problem>('GET', `/api/v1/releases/${id}/preview?variant=${variant}`);
      expect(preview.status, variant).toBe(409);
      expect(preview.body.detail).toMatch(/Mars\/Olympus_Mons.*not a time zone/);
      expect(zoneIssue(preview.body)).toBeDefined();
    }
    const finalize = await t.api<Problem>('POST', `/api/v1/releases/${id}/finalize`);
    expect(finalize.status).toBe(409);
    expect(zoneIssue(finalize.body)).toBeDefined();

    const repaired = await t.api<ReleaseBody>('PATCH', `/api/v1/releases/${id}`, { json: { embargo: { until, zone: 'America/Los_Angeles' } } });
    expect(repaired.status).toBe(200);
    expect(repaired.body.embargo).toEqual({ until, zone: 'America/Los_Angeles' });
    const preview = await t.api<{ html: string }>('GET', `/api/v1/releases/${id}/preview?variant=embargoed`);
    expect(preview.status).toBe(200);
    expect(preview.body.html).toMatch(/\bP[SD]T\b/);
  });
});
