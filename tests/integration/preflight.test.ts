/**
 * The preflight against what then really happens: two lists sharing a journalist, a
 * suppressed address, an invalid stored address and a journalist whose language has no
 * version — the preflight's counts are what planning inserts and the sender then does. And
 * its checks: email size and alt text from the real rendering, the social post against its
 * network, a start before the embargo lifts, a draft and an empty choice.
 */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Preflight } from '../../src/distribution/preflight.js';
import { gmailClipBytes, imagesWithoutAlt } from '../../src/distribution/preflight.js';
import { firstOrganisation } from '../../src/organisations/organisations.service.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { readFixture } from '../helpers/fixtures.js';
import { fastTimings } from '../helpers/scenario.js';
import { appWithSink } from '../helpers/suite.js';
import { waitForDistribution } from '../helpers/test-app.js';

const newsdesk = [
  'Name,Email,Preferred Language,Embargo OK',
  'Ana Morales,ana@ledger.example.com,English,no',
  'Luis Ortega,luis@telediario.example.org,Spanish,yes',
  'Marie Laurent,marie@lemonde.example.fr,French,no',
  'Dee Both,dee@both.example.org,English,no',
].join('\n');
const wire = ['Name,Email', 'Dee Both,dee@both.example.org', 'Gone Away,gone@bounced.example.org', 'Tom Neill,tom@kxla7.example.com'].join('\n');

describe.each(testDatabaseKinds())('the preflight (%s)', (database) => {
  const s = appWithSink({ database, env: fastTimings });
  let releaseId: string;

  const check = async (json: Record<string, unknown>) => {
    const res = await s.t.api<Preflight>('POST', '/api/v1/distributions/preflight', { json: { releaseId, ...json } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    releaseId = (await s.t.api<{ id: string }>('POST', '/api/v1/releases', { json: { source: readFixture('releases/harbor-legal-aid-detention-report-embargoed.txt') } })).body.id;
    await s.t.api('POST', '/api/v1/releases', { json: { source: readFixture('releases/harbor-legal-aid-detention-report-embargoed.es.txt'), translationOf: releaseId } });
    expect((await s.t.api('POST', '/api/v1/lists/newsdesk/import', { body: newsdesk })).status).toBe(200);
    expect((await s.t.api('POST', '/api/v1/lists/wire/import', { body: wire })).status).toBe(200);
    const db = s.t.ctx.db.kysely;
    const org = await firstOrganisation(s.t.ctx.db);
    await db.insertInto('suppressions').values({ org_id: org.id, email_key: 'gone@bounced.example.org', reason: 'bounced', detail: '550 5.1.1', delivery_id: null, created_at: Date.now() }).execute();
    // Written behind the importer's back, as an old import would have: the sender refuses it.
    const wireList = await db.selectFrom('lists').select('id').where('name', '=', 'wire').executeTakeFirstOrThrow();
    await sql`insert into contacts (id, org_id, email, email_key, name, created_at, updated_at) values ('ct_poisonpreflight000000000', ${org.id}, 'a@x.example.org, spy@evil.test', 'poison-preflight', 'Poisoned', 0, 0)`.execute(db);
    await sql`insert into list_members (list_id, contact_id, created_at) values (${wireList.id}, 'ct_poisonpreflight000000000', 0)`.execute(db);
    await s.t.api('POST', '/api/v1/accounts', { json: { network: 'mastodon', name: 'harbor', settings: { instance: 'https://mastodon.example' } } });
  });

  it('names a draft as a problem, and an empty choice', async () => {
    const draft = await check({ lists: ['newsdesk'] });
    expect(draft.problems.map((p) => p.code)).toEqual(['draft']);
    expect((await s.t.api('POST', `/api/v1/releases/${releaseId}/finalize`)).status).toBe(200);
    expect((await check({})).problems.map((p) => p.code)).toEqual(['nothing_chosen']);
  });

  it('counts who is emailed and who is skipped exactly as planning and sending then do', async () => {
    const before = await check({ lists: ['newsdesk', 'wire'] });
    expect(before.lists.map((l) => [l.name, l.members])).toEqual([['newsdesk', 4], ['wire', 4]]);
    expect(before.email).toMatchObject({ wouldSend: 5, skipped: { suppressed: 1, duplicate: 1, invalidAddress: 1 }, languageFallback: 1, byLanguage: { en: 5, es: 1 }, embargoed: 0, atLift: 0 });
    expect(before.problems).toEqual([]);
    expect(before.warnings.map((w) => w.code).sort()).toEqual(['invalid_addresses', 'language_fallback']);
    expect(before.renders.map((r) => [r.variant, r.language, r.recipients])).toEqual([['public', 'en', 5], ['public', 'es', 1]]);
    for (const r of before.renders) expect(r.htmlBytes).toBeGreaterThan(1000);
    for (const r of before.renders) expect(r.overGmail).toBe(r.htmlBytes > gmailClipBytes);

    const sent = await s.t.api<{ id: string }>('POST', '/api/v1/distributions', { json: { releaseId, lists: ['newsdesk', 'wire'] } });
    const final = await waitForDistribution(s.t, sent.body.id);
    expect(final.counts).toMatchObject({ accepted: before.email.wouldSend, failed: before.email.skipped.invalidAddress });
    expect(final.total).toBe(before.email.wouldSend + before.email.skipped.invalidAddress);
    const planned = await s.t.ctx.db.kysely.selectFrom('deliveries').select(['address', 'language']).where('distribution_id', '=', sent.body.id).execute();
    const byLanguage = planned.reduce<Record<string, number>>((acc, d) => ({ ...acc, [d.language]: (acc[d.language] ?? 0) + 1 }), {});
    expect(byLanguage).toEqual(before.email.byLanguage);
    expect(planned.filter((d) => d.address === 'dee@both.example.org')).toHaveLength(1);
    expect(planned.some((d) => d.address === 'gone@bounced.example.org')).toBe(false);
  });

  it('measures each social post against its network', async () => {
    const [mastodon] = (await check({ channels: ['mastodon:harbor'] })).social;
    expect(mastodon).toMatchObject({ network: 'mastodon', networkName: 'Mastodon', name: 'harbor', posts: 1, limit: 500, refused: null });
    expect(mastodon!.longest).toBeGreaterThan(20);
    expect(mastodon!.longest).toBeLessThanOrEqual(500);
  });

  it('says who gets it when a send starts before the embargo lifts', async () => {
    await s.t.api('PUT', `/api/v1/releases/${releaseId}/embargo`, { json: { until: '2031-03-10 00:01 America/Los_Angeles' } });
    const early = await check({ lists: ['newsdesk', 'wire'] });
    expect(early.email).toMatchObject({ wouldSend: 5, embargoed: 1, atLift: 5 });
    expect(early.warnings.map((w) => w.code)).toContain('before_embargo_lift');
    expect(early.renders.map((r) => [r.variant, r.language])).toEqual([['embargoed', 'es'], ['public', 'en']]);
    const afterLift = await check({ lists: ['newsdesk'], at: '2031-03-11 09:00 America/Los_Angeles' });
    expect(afterLift.sendAt).toBe('2031-03-11T16:00:00.000Z');
    expect(afterLift.email).toMatchObject({ embargoed: 0, atLift: 0 });
    expect(afterLift.warnings.map((w) => w.code)).not.toContain('before_embargo_lift');
  });

  it('finds images without alt text in the HTML', () => {
    expect(imagesWithoutAlt('<img src="a.png" alt="A door"><img src="b.png"><IMG alt="" src=\'c.png\'>')).toEqual(['b.png', 'c.png']);
  });
});
