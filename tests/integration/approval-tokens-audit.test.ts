/**
 * Two-person approval, tokens that can be revoked and rotated, and the audit log each
 * action leaves — against real SMTP, Redis and both databases.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { registerAdminToken } from '../../src/auth/api-tokens.js';
import { firstOrganisation } from '../../src/organisations/organisations.service.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { addMember, auditActions, createToken } from '../helpers/people.js';
import { journalists, report, seedList, seedRelease } from '../helpers/scenario.js';
import { appWithSink } from '../helpers/suite.js';
import { waitForDistribution, type ApiClient } from '../helpers/test-app.js';

const inHours = (n: number) => new Date(Date.now() + n * 3_600_000).toISOString();
type Sent = { id: string; status: string; created: boolean };

describe.each(testDatabaseKinds())('two-person approval (%s)', (database) => {
  const s = appWithSink({ database, release: true });
  let officer: ApiClient;
  let director: ApiClient;

  it('holds a send until a second sender approves it; the requester cannot approve their own', async () => {
    await seedList(s.t, 'desk', journalists(3, 'approval.example.org'));
    expect((await s.t.api('PUT', '/api/v1/org/settings/approval', { json: { value: 'required' } })).status).toBe(200);
    officer = s.t.as((await createToken(s.t, { name: 'officer', role: 'sender' })).token);
    director = s.t.as((await createToken(s.t, { name: 'director', role: 'sender' })).token);

    const sent = await officer.api<Sent>('POST', '/api/v1/distributions', { json: { releaseId: s.releaseId, lists: ['desk'] } });
    expect(sent.status).toBe(201);
    expect(sent.body.status).toBe('awaiting_approval');
    await new Promise((r) => setTimeout(r, 300));
    expect(s.sink.received).toHaveLength(0);

    const own = await officer.api<{ code: string }>('POST', `/api/v1/distributions/${sent.body.id}/approve`);
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('FORBIDDEN');
    const viewer = s.t.as((await createToken(s.t, { role: 'viewer' })).token);
    expect((await viewer.api('POST', `/api/v1/distributions/${sent.body.id}/approve`)).status).toBe(403);

    expect((await director.api('POST', `/api/v1/distributions/${sent.body.id}/approve`)).status).toBe(200);
    const done = await waitForDistribution(s.t, sent.body.id);
    expect(done.counts.accepted).toBe(3);
    expect(s.sink.received).toHaveLength(3);
    const row = await s.t.ctx.db.kysely.selectFrom('distributions').select(['requested_by', 'approved_by']).where('id', '=', sent.body.id).executeTakeFirstOrThrow();
    expect(row.requested_by).not.toBe(row.approved_by);
    expect(row.approved_by).toMatch(/^tok_/);
  });

  it('treats two tokens of one user as one person', async () => {
    const orgId = (await firstOrganisation(s.t.ctx.db)).id;
    await addMember(s.t, 'dana@harbor.example.org', 'sender', orgId);
    const laptop = s.t.as((await createToken(s.t, { name: 'laptop', role: 'sender', user: 'dana@harbor.example.org' })).token);
    const phone = s.t.as((await createToken(s.t, { name: 'phone', role: 'admin', user: 'dana@harbor.example.org' })).token);
    const sent = await laptop.api<Sent>('POST', '/api/v1/distributions', { json: { releaseId: s.releaseId, lists: ['desk'], at: inHours(2) } });
    expect(sent.body.status).toBe('awaiting_approval');
    expect((await phone.api('POST', `/api/v1/distributions/${sent.body.id}/approve`)).status).toBe(403);
    // The phone token was asked for admin, but acts with at most its user's role.
    expect((await phone.api('GET', '/api/v1/tokens')).status).toBe(403);
    expect((await director.api('POST', `/api/v1/distributions/${sent.body.id}/approve`)).status).toBe(200);
    expect((await report(s.t, sent.body.id)).status).toBe('scheduled');
  });

  it('voids the approval when the time or the embargo changes afterwards', async () => {
    const sent = await officer.api<Sent>('POST', '/api/v1/distributions', { json: { releaseId: s.releaseId, lists: ['desk'], at: inHours(3) } });
    await director.api('POST', `/api/v1/distributions/${sent.body.id}/approve`);
    expect((await report(s.t, sent.body.id)).status).toBe('scheduled');

    expect((await officer.api('POST', `/api/v1/distributions/${sent.body.id}/reschedule`, { json: { at: inHours(4) } })).status).toBe(200);
    const moved = await report(s.t, sent.body.id);
    expect(moved.status).toBe('awaiting_approval');
    expect(moved.statusReason).toMatch(/approval voided/);
    expect(await s.t.ctx.queues.get('plan').getJob(`plan-${sent.body.id}`).catch(() => undefined)).toBeFalsy();

    await director.api('POST', `/api/v1/distributions/${sent.body.id}/approve`);
    expect((await report(s.t, sent.body.id)).status).toBe('scheduled');
    expect((await officer.api('PUT', `/api/v1/releases/${s.releaseId}/embargo`, { json: { until: inHours(1) } })).status).toBe(200);
    expect((await report(s.t, sent.body.id)).status).toBe('awaiting_approval');
    expect((await officer.api('POST', `/api/v1/distributions/${sent.body.id}/cancel`)).status).toBe(200);
  });

  it('lets a token given --approved-sends by an admin send at once, and records it', async () => {
    const cron = s.t.as((await createToken(s.t, { name: 'cron', role: 'sender', approvedSends: true })).token);
    const fresh = await seedRelease(s.t, 'Weekly docket summary');
    const before = s.sink.received.length;
    const sent = await cron.api<Sent>('POST', '/api/v1/distributions', { json: { releaseId: fresh, lists: ['desk'] } });
    expect(sent.body.status).toBe('planning');
    await waitForDistribution(s.t, sent.body.id);
    expect(s.sink.received.length - before).toBe(3);
    const entries = await auditActions(s.t);
    expect(entries.find((e) => e.action === 'token.create' && e.detail?.name === 'cron')?.detail).toMatchObject({ approvedSends: true });
    expect(entries.find((e) => e.action === 'distribution.send' && e.object?.id === sent.body.id)?.detail).toMatchObject({ approvedSends: true });
  });
});

describe.each(testDatabaseKinds())('tokens (%s)', (database) => {
  const s = appWithSink({ database, workers: false });

  it('refuses a revoked token on its very next request', async () => {
    const { id, token } = await createToken(s.t, { name: 'script', role: 'viewer' });
    const script = s.t.as(token);
    expect((await script.api('GET', '/api/v1/releases')).status).toBe(200);
    expect((await s.t.api('DELETE', `/api/v1/tokens/${id}`)).status).toBe(200);
    expect((await script.api('GET', '/api/v1/releases')).status).toBe(401);
    const listed = await s.t.api<{ tokens: { id: string; revokedAt: string | null; lastUsedAt: string | null }[] }>('GET', '/api/v1/tokens');
    expect(listed.body.tokens.find((x) => x.id === id)).toMatchObject({ revokedAt: expect.any(String), lastUsedAt: expect.any(String) });
    expect(JSON.stringify(listed.body)).not.toContain(token);
  });

  it('stores only hashes of tokens', async () => {
    const { token } = await createToken(s.t, { name: 'hashed', role: 'editor' });
    const rows = await s.t.ctx.db.kysely.selectFrom('api_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('rotates the data-directory admin token: the old one is refused, the new one is in the data directory', async () => {
    const old = s.t.token;
    const rotated = await s.t.api<{ token: string }>('POST', '/api/v1/tokens/rotate-admin');
    expect(rotated.status).toBe(200);
    expect((await s.t.as(old).api('GET', '/api/v1/releases')).status).toBe(401);
    const next = s.t.as(rotated.body.token);
    expect((await next.api('GET', '/api/v1/releases')).status).toBe(200);
    expect(readFileSync(join(s.t.dataDir, 'admin-token'), 'utf8').trim()).toBe(rotated.body.token);

    // A server finding another token in its data directory (the file deleted and recreated) retires the previous one.
    await registerAdminToken(s.t.ctx.db, 'pw_replacement_admin_token_000000');
    expect((await next.api('GET', '/api/v1/releases')).status).toBe(401);
    expect((await s.t.as('pw_replacement_admin_token_000000').api('GET', '/api/v1/tokens')).status).toBe(200);
  });
});

describe.each(testDatabaseKinds())('audit log (%s)', (database) => {
  const s = appWithSink({ database });

  it('records who did what to which object, from where, with a hash of the state after', async () => {
    const t = s.t;
    await seedList(t, 'desk', journalists(2, 'audit.example.org'));
    const release = await seedRelease(t);
    await t.api('POST', '/api/v1/accounts', { json: { network: 'x', name: '@harbor' } });
    const scheduled = (await t.api<Sent>('POST', '/api/v1/distributions', { json: { releaseId: release, lists: ['desk'], at: inHours(5) } })).body.id;
    await t.api('POST', `/api/v1/distributions/${scheduled}/reschedule`, { json: { at: inHours(6) } });
    await t.api('PUT', `/api/v1/releases/${release}/embargo`, { json: { until: inHours(7) } });
    await t.api('POST', `/api/v1/distributions/${scheduled}/cancel`);
    // Early access first: under the embargo just set, only early recipients get mail before the lift.
    await t.api('PATCH', '/api/v1/lists/desk', { json: { earlyAccess: true } });
    const sent = (await t.api<Sent>('POST', '/api/v1/distributions', { json: { releaseId: release, lists: ['desk'] } })).body.id;
    const { id: tokenId } = await createToken(t, { name: 'temp', role: 'viewer' });
    await t.api('DELETE', `/api/v1/tokens/${tokenId}`);
    await t.api('PUT', '/api/v1/org/settings/postal-address', { json: { value: '100 Harbor Drive, San Diego' } });
    await t.api('PUT', '/api/v1/org/settings/approval', { json: { value: 'sideways' } });
    await waitForDistribution(t, sent);

    const entries = await auditActions(t);
    const actions = entries.map((e) => e.action);
    for (const action of ['list.import', 'release.create', 'release.finalize', 'account.create', 'distribution.schedule', 'distribution.reschedule', 'release.embargo.change', 'distribution.cancel', 'distribution.send', 'list.update', 'token.create', 'token.revoke', 'organisation.setting']) {
      expect(actions, action).toContain(action);
    }
    // A refused change leaves nothing.
    expect(entries.filter((e) => e.action === 'organisation.setting')).toHaveLength(1);
    const cancel = entries.find((e) => e.action === 'distribution.cancel')!;
    expect(cancel.object).toEqual({ type: 'distribution', id: scheduled });
    expect(cancel.actor).toMatchObject({ type: 'token', label: 'admin (data directory)' });
    expect(cancel.stateHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(entries)).not.toContain(s.t.token);

    // A journalist's unsubscribe is recorded as theirs.
    const message = s.sink.received.at(-1)!;
    const unsubscribe = /List-Unsubscribe: <[^>]*?(\/u\/[^>]+)>/.exec(message.raw.toString('latin1').replace(/\r\n\s+/g, ''))![1]!;
    expect((await t.app.inject({ method: 'POST', url: unsubscribe })).statusCode).toBe(200);
    const after = await auditActions(t);
    const unsubscribed = after.find((e) => e.action === 'contact.unsubscribe')!;
    expect(unsubscribed).toMatchObject({ actor: { type: 'recipient' }, object: { type: 'address' } });

    // Giving the address back is an admin's act, with a reason, on the record.
    const address = unsubscribed.object!.id;
    const listed = await t.api<{ suppressions: { email: string; reason: string }[] }>('GET', '/api/v1/suppressions');
    expect(listed.body.suppressions).toEqual([expect.objectContaining({ email: address, reason: 'unsubscribed' })]);
    const editor = t.as((await createToken(t, { role: 'editor' })).token);
    expect((await editor.api('POST', '/api/v1/suppressions/restore', { json: { email: address, reason: 'asked by phone' } })).status).toBe(403);
    const noReason = await t.api<{ issues: { field: string }[] }>('POST', '/api/v1/suppressions/restore', { json: { email: address } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.issues[0]!.field).toBe('body.reason');
    expect((await t.api('POST', '/api/v1/suppressions/restore', { json: { email: address, reason: 'asked by phone to be put back' } })).status).toBe(200);
    expect((await t.api<{ suppressions: unknown[] }>('GET', '/api/v1/suppressions')).body.suppressions).toEqual([]);
    expect((await auditActions(t)).find((e) => e.action === 'contact.restore')).toMatchObject({ object: { type: 'address', id: address }, detail: { was: 'unsubscribed', reason: 'asked by phone to be put back' } });
  });

  it('cannot be changed or deleted, even in the database', async () => {
    await expect(sql`update audit_log set action = 'nothing'`.execute(s.t.ctx.db.kysely)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(s.t.ctx.db.kysely)).rejects.toThrow(/append-only/);
  });

  it('is for admins only, and filtered by time', async () => {
    const editor = s.t.as((await createToken(s.t, { role: 'editor' })).token);
    expect((await editor.api('GET', '/api/v1/audit')).status).toBe(403);
    const later = await s.t.api<{ entries: unknown[] }>('GET', `/api/v1/audit?since=${encodeURIComponent(inHours(1))}`);
    expect(later.body.entries).toHaveLength(0);
  });
});
