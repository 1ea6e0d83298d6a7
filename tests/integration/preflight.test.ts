/**
 * The preflight against what then really happens: two lists sharing a journalist, a
 * suppressed address, an invalid stored address and a journalist whose language has no
 * version — the preflight's counts are what planning inserts and the sender then does. And
 * its checks: email size and alt text from the real rendering, the social post against its
 * network, a start before the embargo lifts, a draft and an empty choice. Then the content
 * checks on a rendering of their own (a banner without alt text in the templates, an http:
 * and a relative link, a body Gmail clips, an X post too long, no DKIM key) and the real CLI's
 * `send --dry-run`: the same findings, its exit code, and nothing created or queued.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodes } from '../../src/cli/exit-codes.js';
import type { Preflight } from '../../src/distribution/preflight.js';
import { gmailClipBytes, imagesWithoutAlt, linkProblems } from '../../src/distribution/preflight.js';
import { firstOrganisation } from '../../src/organisations/organisations.service.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { readFixture, repoRoot } from '../helpers/fixtures.js';
import { runCli } from '../helpers/processes.js';
import { fastTimings, seedList } from '../helpers/scenario.js';
import { appWithSink } from '../helpers/suite.js';
import { testToken, waitForDistribution } from '../helpers/test-app.js';

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
    expect(before.warnings.map((w) => w.code).sort()).toEqual(['invalid_addresses', 'language_fallback', 'no_dkim_key']);
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

  it('reads the links of the HTML as a mail client would: http: and unparseable ones, not the installation\'s own', () => {
    const html = [
      '<a href="https://ok.example.org/a?x=1&amp;y=2">ok</a>',
      '<A HREF=\'http://old.example.org/report\'>old</A>',
      '<a href="http://old.example.org/report">again</a>',
      '<a href="/annex.pdf">annex</a>',
      '<a href="mailto:press@harbor.example.org">mail</a>',
      '<a href="http://localhost:3000/u/preview">unsubscribe</a>',
      '<a href="http://localhost:30001/x">not ours</a>',
      '<a name="top">no href</a>',
    ].join('');
    expect(linkProblems(html, 'http://localhost:3000')).toEqual({ insecure: ['http://old.example.org/report', 'http://localhost:30001/x'], unparseable: ['/annex.pdf'] });
  });
});

/** The shipped templates with one change: a banner image whose alt text was forgotten. */
function templatesWithBannerWithoutAlt(): string {
  const dir = mkdtempSync(join(tmpdir(), 'presswire-preflight-templates-'));
  cpSync(join(repoRoot, 'templates'), dir, { recursive: true });
  const header = join(dir, 'email/partials/header.mjml');
  writeFileSync(header, readFileSync(header, 'utf8').replace('<mj-group>', '<mj-group>\n    <mj-column width="100%"><mj-image src="https://cdn.example.com/banner.png" /></mj-column>\n  </mj-group>\n  <mj-group>'));
  return dir;
}

const longBody = Array.from({ length: 1050 }, (_, i) => `Paragraph ${i}: the court records show months of waiting — señoras y señores, así fue.`).join('\n\n');

describe.each(testDatabaseKinds())('the preflight of the content, and presswire send --dry-run (%s)', (database) => {
  const templates = templatesWithBannerWithoutAlt();
  const s = appWithSink({ database, env: { ...fastTimings, PRESSWIRE_TEMPLATES: templates } });
  let env: Record<string, string>;
  let releaseId: string;
  const cli = (...args: string[]) => runCli(args, env);
  const check = async (json: Record<string, unknown>) => {
    const res = await s.t.api<Preflight>('POST', '/api/v1/distributions/preflight', { json: { releaseId, ...json } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    env = { PRESSWIRE_URL: await s.t.app.listen({ host: '127.0.0.1', port: 0 }), PRESSWIRE_TOKEN: testToken };
    const body = [
      'The full report is at http://harborlegalaid.example.org/reports/detention-2026 and the annex at [the annex](/annex.pdf).',
      'Register at [the briefing](https://harborlegalaid.example.org/briefing).',
      longBody,
    ].join('\n\n');
    const created = await s.t.api<{ id: string }>('POST', '/api/v1/releases', {
      json: { content: { kind: 'press_release', headline: 'Detained asylum seekers wait months for counsel', dateline: 'SAN DIEGO', releaseDate: '2031-03-10', body, social: { x: 'A very long post. '.repeat(20) } } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    releaseId = created.body.id;
    await seedList(s.t, 'desk', ['ana@ledger.example.com', 'tom@kxla7.example.com']);
    const org = await firstOrganisation(s.t.ctx.db);
    await s.t.ctx.db.kysely.insertInto('suppressions').values([
      { org_id: org.id, email_key: 'gone@bounced.example.org', reason: 'bounced', detail: '550 5.1.1', delivery_id: null, created_at: Date.now() },
      { org_id: org.id, email_key: 'left@unsub.example.org', reason: 'unsubscribed', detail: null, delivery_id: null, created_at: Date.now() },
    ]).execute();
    await seedList(s.t, 'desk', ['gone@bounced.example.org', 'left@unsub.example.org']);
    expect((await s.t.api('POST', '/api/v1/accounts', { json: { network: 'x', name: '@harbor' } })).status).toBe(201);
  });
  afterAll(() => rmSync(templates, { recursive: true, force: true }));

  it('names suppressed contacts by why, http: and unparseable links, an image without alt and an email Gmail clips', async () => {
    const p = await check({ lists: ['desk'] });
    expect(p.email).toMatchObject({ wouldSend: 2, skipped: { suppressed: 2, suppressedByReason: { bounced: 1, unsubscribed: 1 }, duplicate: 0, noAddress: 0, invalidAddress: 0 } });
    const [render] = p.renders;
    expect(render).toMatchObject({ variant: 'public', language: 'en', recipients: 2, overGmail: true, imagesWithoutAlt: ['https://cdn.example.com/banner.png'] });
    expect(render!.htmlBytes).toBeGreaterThan(gmailClipBytes);
    expect(render!.insecureLinks).toEqual(['http://harborlegalaid.example.org/reports/detention-2026']);
    expect(render!.unparseableLinks).toEqual(['/annex.pdf']);
    expect(p.warnings.map((w) => w.code).sort()).toEqual(['html_over_gmail', 'images_without_alt', 'insecure_links', 'no_dkim_key', 'unparseable_links']);
    expect(p.warnings.find((w) => w.code === 'no_dkim_key')!.message).toContain('presswire dkim generate');
    expect(p.dkim).toEqual({ domain: 'press.example.org', selector: null, keyDomain: null });
    expect(p.problems.map((i) => i.code)).toEqual(['draft']);
  });

  it('refuses an X post over 280 characters as a problem that blocks the send', async () => {
    const p = await check({ channels: ['x:@harbor'] });
    expect(p.social[0]).toMatchObject({ network: 'x', posts: 0, limit: 280 });
    expect(p.social[0]!.refused).toMatch(/280/);
    expect(p.problems.map((i) => i.code)).toEqual(['draft', 'social_refused']);
  });

  it('warns of a schedule before the embargo lifts: the public copy waits, nothing is refused', async () => {
    await s.t.api('PUT', `/api/v1/releases/${releaseId}/embargo`, { json: { until: '2031-03-10 00:01 America/Los_Angeles' } });
    const p = await check({ lists: ['desk'], at: '2031-03-09 09:00 America/Los_Angeles' });
    expect(p.email).toMatchObject({ wouldSend: 2, embargoed: 0, atLift: 2 });
    expect(p.warnings.find((w) => w.code === 'before_embargo_lift')!.message).toMatch(/0 early recipient\(s\) get the embargoed copy at the start; 2 public copies and every social post wait for the lift/);
    expect(p.problems.map((i) => i.code)).toEqual(['draft']);
  });

  it('prints the same preflight from the CLI, sends nothing, and exits non-zero only when something blocks', async () => {
    const countJobs = async () => {
      const counts = await Promise.all(['plan', 'email'].map((q) => s.t.ctx.queues.get(q).getJobCounts()));
      return counts.flatMap((c) => Object.values(c)).reduce((a, b) => a + b, 0);
    };
    const jobsBefore = await countJobs();

    const draft = await cli('send', releaseId, '--list', 'desk', '--dry-run');
    expect(draft.code, draft.stderr).toBe(exitCodes.checksFailed);
    expect(draft.stdout).toContain('Dry run: nothing was sent.');
    expect(draft.stdout).toMatch(/Blocks the send:\n {2}- \[draft\]/);
    expect(draft.stdout).toContain('1 suppressed (bounced); 1 suppressed (unsubscribed)');
    expect(draft.stdout).toContain('[no_dkim_key]');

    expect((await s.t.api('POST', `/api/v1/releases/${releaseId}/finalize`)).status).toBe(200);
    const ready = await cli('send', releaseId, '--list', 'desk', '--at', '2031-03-11 09:00 America/Los_Angeles', '--dry-run', '--json');
    expect(ready.code, ready.stderr).toBe(0);
    const json = JSON.parse(ready.stdout) as Preflight;
    expect(json).toMatchObject({ sendAt: '2031-03-11T16:00:00.000Z', problems: [], email: { wouldSend: 2 } });
    expect(json.warnings.map((w) => w.code)).toContain('insecure_links');

    const generated = await cli('dkim', 'generate', '--selector', 'news2031');
    expect(generated.code, generated.stderr).toBe(0);
    const signed = await cli('send', releaseId, '--list', 'desk', '--dry-run');
    expect(signed.code, signed.stderr).toBe(0);
    expect(signed.stdout).toContain('DKIM: signed with "news2031" for press.example.org');
    expect(signed.stdout).not.toContain('[no_dkim_key]');
    expect(signed.stdout).toContain('Nothing blocks this send.');

    const both = await cli('send', releaseId, '--list', 'desk', '--dry-run', '--wait');
    expect(both.code).toBe(exitCodes.usage);
    expect(both.stderr).toMatch(/--dry-run.*cannot be used with.*--wait/);

    const blocked = await cli('send', releaseId, '--channel', 'x:@harbor', '--dry-run');
    expect(blocked.code).toBe(exitCodes.checksFailed);
    expect(blocked.stdout).toContain('[social_refused]');

    expect(await s.t.ctx.db.kysely.selectFrom('distributions').select('id').execute()).toEqual([]);
    expect(await s.t.ctx.db.kysely.selectFrom('deliveries').select('id').execute()).toEqual([]);
    expect(await countJobs()).toBe(jobsBefore);
    expect(s.sink.received).toHaveLength(0);
  });
});
