/**
 * Who may do what: every route class tried by each role (allowed, or 403), and every
 * route class tried by another organisation's admin with this organisation's ids (404, as
 * for an id that does not exist; lists come back without the other organisation's rows).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Permission } from '../../src/auth/roles.js';
import { firstOrganisation } from '../../src/organisations/organisations.service.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createOrg, createToken } from '../helpers/people.js';
import { seedList, seedRelease } from '../helpers/scenario.js';
import { startTestApp, type ApiClient, type TestApp } from '../helpers/test-app.js';

interface Fixtures {
  release: string;
  draft: string;
  distribution: string;
  tokenId: string;
  code: string;
  member: string;
}

interface Case {
  name: string;
  permission: Permission;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: (f: Fixtures) => string;
  json?: (f: Fixtures) => unknown;
  csv?: string;
}

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
let serial = 0;

const cases: Case[] = [
  { name: 'list releases', permission: 'read', method: 'GET', url: () => '/api/v1/releases' },
  { name: 'read a release', permission: 'read', method: 'GET', url: (f) => `/api/v1/releases/${f.release}` },
  { name: 'preview a release', permission: 'read', method: 'GET', url: (f) => `/api/v1/releases/${f.release}/preview` },
  { name: 'list lists', permission: 'read', method: 'GET', url: () => '/api/v1/lists' },
  { name: 'list scheduled sends', permission: 'read', method: 'GET', url: () => '/api/v1/distributions?status=scheduled' },
  { name: 'read a distribution', permission: 'read', method: 'GET', url: (f) => `/api/v1/distributions/${f.distribution}` },
  { name: 'read deliveries', permission: 'read', method: 'GET', url: (f) => `/api/v1/distributions/${f.distribution}/deliveries` },
  { name: 'trace a reference code', permission: 'read', method: 'GET', url: (f) => `/api/v1/trace/${f.code}` },
  { name: 'list social accounts', permission: 'read', method: 'GET', url: () => '/api/v1/accounts' },
  { name: 'read the organisation', permission: 'read', method: 'GET', url: () => '/api/v1/org' },
  { name: 'list suppressed addresses', permission: 'read', method: 'GET', url: () => '/api/v1/suppressions' },
  { name: 'say who I am', permission: 'read', method: 'GET', url: () => '/api/v1/session' },
  { name: 'read the API description', permission: 'read', method: 'GET', url: () => '/api/docs' },
  { name: 'create a release', permission: 'edit', method: 'POST', url: () => '/api/v1/releases', json: () => ({ content: { headline: 'A new statement', body: 'Text.' } }) },
  { name: 'edit a draft', permission: 'edit', method: 'PATCH', url: (f) => `/api/v1/releases/${f.draft}`, json: () => ({ content: { headline: `Edited ${++serial}` } }) },
  { name: 'remove a draft’s image', permission: 'edit', method: 'DELETE', url: (f) => `/api/v1/releases/${f.draft}/image` },
  { name: 'import a list', permission: 'edit', method: 'POST', url: () => '/api/v1/lists/press/import', csv: 'Name,Email\nNew Reporter,new.reporter@desk.example.org\n' },
  { name: 'change a list', permission: 'edit', method: 'PATCH', url: () => '/api/v1/lists/press', json: () => ({ earlyAccess: false }) },
  { name: 'schedule a send', permission: 'send', method: 'POST', url: () => '/api/v1/distributions', json: (f) => ({ releaseId: f.release, lists: ['press'], at: inDays(2) }) },
  { name: 'reschedule', permission: 'send', method: 'POST', url: (f) => `/api/v1/distributions/${f.distribution}/reschedule`, json: () => ({ at: inDays(3) }) },
  { name: 'approve', permission: 'send', method: 'POST', url: (f) => `/api/v1/distributions/${f.distribution}/approve` },
  { name: 'change the embargo', permission: 'send', method: 'PUT', url: (f) => `/api/v1/releases/${f.release}/embargo`, json: () => ({ until: inDays(4) }) },
  { name: 'list sends', permission: 'read', method: 'GET', url: () => '/api/v1/distributions' },
  { name: 'retry what failed', permission: 'send', method: 'POST', url: (f) => `/api/v1/distributions/${f.distribution}/retry` },
  { name: 'cancel', permission: 'send', method: 'POST', url: (f) => `/api/v1/distributions/${f.distribution}/cancel` },
  { name: 'add a social account', permission: 'admin', method: 'POST', url: () => '/api/v1/accounts', json: () => ({ network: 'x', name: `@desk${++serial}` }) },
  { name: 'verify a social account', permission: 'admin', method: 'POST', url: () => '/api/v1/accounts/x:@harbor/verify' },
  { name: 'list tokens', permission: 'admin', method: 'GET', url: () => '/api/v1/tokens' },
  { name: 'create a token', permission: 'admin', method: 'POST', url: () => '/api/v1/tokens', json: () => ({ name: 'reader', role: 'viewer' }) },
  { name: 'revoke a token', permission: 'admin', method: 'DELETE', url: (f) => `/api/v1/tokens/${f.tokenId}` },
  { name: 'change a setting', permission: 'admin', method: 'PUT', url: () => '/api/v1/org/settings/sender-name', json: () => ({ value: 'Harbor Legal Aid Press' }) },
  { name: 'read the audit log', permission: 'admin', method: 'GET', url: () => '/api/v1/audit' },
  { name: 'restore a suppressed address', permission: 'admin', method: 'POST', url: () => '/api/v1/suppressions/restore', json: () => ({ email: 'nobody@desk.example.org', reason: 'asked to be put back' }) },
  { name: 'list people', permission: 'admin', method: 'GET', url: () => '/api/v1/users' },
  { name: 'change a person’s role', permission: 'admin', method: 'PUT', url: (f) => `/api/v1/users/${encodeURIComponent(f.member)}/role`, json: () => ({ role: 'editor' }) },
  { name: 'read the outbox', permission: 'admin', method: 'GET', url: () => '/outbox' },
];

const roleHas: Record<string, Permission[]> = {
  viewer: ['read'],
  editor: ['read', 'edit'],
  sender: ['read', 'edit', 'send'],
  admin: ['read', 'edit', 'send', 'admin'],
};

const call = (client: ApiClient, c: Case, f: Fixtures) =>
  client.api<{ code?: string }>(c.method, c.url(f), c.csv !== undefined ? { body: c.csv } : c.json ? { json: c.json(f) } : {});

async function fixturesOf(t: TestApp): Promise<Fixtures> {
  await seedList(t, 'press', ['ana@desk.example.org', 'tom@desk.example.org']);
  const release = await seedRelease(t);
  const draft = (await t.api<{ id: string }>('POST', '/api/v1/releases', { json: { content: { headline: 'Draft statement', body: 'Draft.' } } })).body.id;
  const distribution = (await t.api<{ id: string }>('POST', '/api/v1/distributions', { json: { releaseId: release, lists: ['press'], at: inDays(1) } })).body.id;
  await t.api('POST', '/api/v1/accounts', { json: { network: 'x', name: '@harbor' } });
  const { id: tokenId } = await createToken(t, { name: 'spare', role: 'viewer' });
  // A reference code of this organisation's: an early copy's delivery row.
  const code = 'AB12-CD34-EF56';
  const now = Date.now();
  await t.ctx.db.kysely
    .insertInto('deliveries')
    .values({ id: 'dlv_access0000000000000000000', distribution_id: distribution, kind: 'email', revision: 0, account_id: null, target_key: 'ana@desk.example.org', contact_id: null, address: 'ana@desk.example.org', recipient_name: null, language: 'en', variant: 'embargoed', batch: 0, status: 'cancelled', lease_owner: null, lease_until: null, transmit_at: null, next_attempt_at: now, last_code: null, last_enhanced: null, last_reply: null, reason: null, message_id: '<access@example.org>', in_reply_to: null, reference_code: code, external_id: null, external_url: null, created_at: now, updated_at: now, finished_at: now })
    .execute();
  const member = 'lee@harbor.example.org';
  expect((await t.api('POST', '/api/v1/users', { json: { email: member, role: 'viewer' } })).status).toBe(201);
  return { release, draft, distribution, tokenId, code, member };
}

describe.each(testDatabaseKinds())('roles and organisations (%s)', (database) => {
  let t: TestApp;
  let f: Fixtures;
  const as: Record<string, ApiClient> = {};

  beforeAll(async () => {
    t = await startTestApp({ database, workers: false });
    f = await fixturesOf(t);
    for (const role of ['viewer', 'editor', 'sender', 'admin'] as const) as[role] = t.as((await createToken(t, { role })).token);
    await createOrg(t, 'Coalition for Fair Hearings');
    as.other = t.as((await createToken(t, { role: 'admin', org: 'Coalition for Fair Hearings' })).token);
  });
  afterAll(async () => t?.close());

  describe.each(['viewer', 'editor', 'sender', 'admin'])('as %s', (role) => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const res = await call(as[role]!, c, f);
      if (roleHas[role]!.includes(c.permission)) {
        expect(res.status, JSON.stringify(res.body)).not.toBe(403);
        expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
        expect(res.status).not.toBe(401);
      } else {
        expect(res.status, JSON.stringify(res.body)).toBe(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
    });
  });

  it('refuses every route without credentials (401)', async () => {
    for (const c of cases) {
      const res = await t.as('pw_not_a_token').api(c.method, c.url(f));
      expect(res.status, c.name).toBe(401);
    }
  });

  it('answers another organisation’s ids as not found, on every route class that takes one', async () => {
    const byId = cases.filter((c) => c.url(f) !== c.url({ release: '', draft: '', distribution: '', tokenId: '', code: '', member: '' }));
    expect(byId.length).toBeGreaterThan(10);
    for (const c of byId) {
      const res = await call(as.other!, c, f);
      expect(res.status, `${c.name}: ${JSON.stringify(res.body)}`).toBe(404);
    }
  });

  it('answers names of another organisation as not found, and keeps its rows out of every list', async () => {
    const other = as.other!;
    expect((await other.api('PATCH', '/api/v1/lists/press', { json: { earlyAccess: true } })).status).toBe(404);
    expect((await other.api('POST', '/api/v1/distributions', { json: { releaseId: f.release, lists: ['press'] } })).status).toBe(404);
    expect((await other.api('POST', '/api/v1/accounts/x:@harbor/verify')).status).toBe(404);
    const ownRelease = await seedRelease(other);
    expect((await other.api('POST', '/api/v1/distributions', { json: { releaseId: ownRelease, lists: ['press'], at: inDays(1) } })).status).toBe(404);
    expect((await other.api('POST', '/api/v1/lists/press/import', { body: 'Name,Email\nLee,lee@coalition.example.org\n' })).status).toBe(200);
    // The list the other organisation imported is its own: same name, other members.
    const own = await as.other!.api<{ lists: { name: string; members: number }[] }>('GET', '/api/v1/lists');
    expect(own.body.lists).toEqual([expect.objectContaining({ name: 'press', members: 1 })]);
    const mine = await as.admin!.api<{ lists: { name: string; members: number }[] }>('GET', '/api/v1/lists');
    expect(mine.body.lists.find((l) => l.name === 'press')!.members).toBeGreaterThanOrEqual(2);

    const seen = JSON.stringify([
      (await as.other!.api('GET', '/api/v1/releases')).body,
      (await as.other!.api('GET', '/api/v1/distributions?status=scheduled')).body,
      (await as.other!.api('GET', '/api/v1/accounts')).body,
      (await as.other!.api('GET', '/api/v1/tokens')).body,
      (await as.other!.api('GET', '/api/v1/audit')).body,
      (await as.other!.api('GET', '/api/v1/users')).body,
      (await as.other!.api('GET', '/api/v1/suppressions')).body,
    ]);
    for (const id of [f.release, f.draft, f.distribution, f.tokenId, '@harbor', f.member, (await firstOrganisation(t.ctx.db)).id]) expect(seen).not.toContain(id);
  });

  it('lets only an administrator of the installation manage organisations and resume email', async () => {
    for (const client of [as.admin!, as.other!]) {
      expect((await client.api('GET', '/api/v1/orgs')).status).toBe(403);
      expect((await client.api('POST', '/api/v1/orgs', { json: { name: 'Another' } })).status).toBe(403);
      expect((await client.api('POST', '/api/v1/email/resume')).status).toBe(403);
    }
    const orgs = await t.api<{ organisations: { name: string }[] }>('GET', '/api/v1/orgs');
    expect(orgs.body.organisations.map((o) => o.name)).toEqual(['Default organisation', 'Coalition for Fair Hearings']);
    expect((await t.api('POST', '/api/v1/email/resume')).status).toBe(200);
  });

  it('keeps the outbox from another organisation’s admin', async () => {
    expect((await as.other!.api('GET', '/outbox')).status).toBe(403);
  });
});
