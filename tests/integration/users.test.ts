/**
 * People of an organisation through the real CLI against a listening server: `users add`
 * prints a link that signs the new member in; `users role` and `users remove` take effect on
 * the member's very next request, session and token alike; the last administrator stays; and
 * every change leaves an audit row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { runCli } from '../helpers/processes.js';
import { addMember, signInByLink } from '../helpers/sign-in.js';
import { startTestApp, testToken, type TestApp } from '../helpers/test-app.js';
import type { FormClient } from '../helpers/forms.js';

describe.each(testDatabaseKinds())('users (%s)', (database) => {
  let t: TestApp;
  let env: Record<string, string>;
  let lin: FormClient;
  const cli = (...args: string[]) => runCli(args, env);

  beforeAll(async () => {
    t = await startTestApp({ database, workers: false });
    const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    env = { PRESSWIRE_URL: url, PRESSWIRE_TOKEN: testToken };
  });
  afterAll(async () => t?.close());

  const bearer = (token: string) => t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { authorization: `Bearer ${token}` } });
  const actions = async () => (await t.api<{ entries: { action: string; detail: Record<string, unknown> | null }[] }>('GET', '/api/v1/audit?limit=5000')).body.entries;

  it('adds a member with "users add", whose printed link signs them in', async () => {
    const added = await cli('users', 'add', 'Lin.Chen@harbor.example.org', '--role', 'editor');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout.trim()).toMatch(/^https:\/\/press\.example\.org\/sign-in\/link\/[A-Za-z0-9_-]{43}$/);
    expect(added.stderr).toContain('added Lin.Chen@harbor.example.org as editor');
    lin = await signInByLink(t, added.stdout.trim());
    expect((await lin.api('GET', '/api/v1/session')).json()).toMatchObject({ via: 'session', role: 'editor', person: { type: 'user', label: 'Lin.Chen@harbor.example.org' } });

    const listed = await cli('users', 'list', '--json');
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ email: 'Lin.Chen@harbor.example.org', role: 'editor', hasPassword: false })]);
    const twice = await cli('users', 'add', 'lin.chen@harbor.example.org', '--role', 'viewer');
    expect(twice.code).toBe(5);
    expect(twice.stderr).toContain('already a member');
    const invalid = await t.api<{ issues: { field: string; message: string }[] }>('POST', '/api/v1/users', { json: { email: 'lin chen', role: 'editor' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.issues).toEqual([{ field: 'body.email', message: 'contains a space' }]);
    expect(await actions()).toContainEqual(expect.objectContaining({ action: 'user.create', detail: { email: 'Lin.Chen@harbor.example.org', role: 'editor' } }));
  });

  it('adds an existing user to another organisation as a second membership', async () => {
    expect((await t.api('POST', '/api/v1/orgs', { json: { name: 'Harbor Clinic' } })).status).toBe(201);
    const added = await cli('users', 'add', 'lin.chen@harbor.example.org', '--role', 'viewer', '--org', 'Harbor Clinic');
    expect(added.code, added.stderr).toBe(0);
    const memberships = await t.ctx.db.kysely.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id').select('memberships.role').where('users.email_key', '=', 'lin.chen@harbor.example.org').orderBy('memberships.created_at').execute();
    expect(memberships.map((m) => m.role)).toEqual(['editor', 'viewer']);
    expect((await t.ctx.db.kysely.selectFrom('users').select('id').where('email_key', '=', 'lin.chen@harbor.example.org').execute()).length).toBe(1);
  });

  it('changes a role with "users role", effective on the next request', async () => {
    const changed = await cli('users', 'role', 'lin.chen@harbor.example.org', 'viewer');
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stdout).toContain('is now viewer');
    const session = (await lin.api('GET', '/api/v1/session')).json<{ role: string; csrfToken: string }>();
    expect(session.role).toBe('viewer');
    expect((await lin.api('POST', '/api/v1/users', { email: 'x@harbor.example.org', role: 'viewer' }, session.csrfToken)).statusCode).toBe(403);
    expect(await actions()).toContainEqual(expect.objectContaining({ action: 'user.role', detail: { email: 'Lin.Chen@harbor.example.org', from: 'editor', to: 'viewer' } }));
  });

  it('removes a member with "users remove": their session and their own token are refused on the next request', async () => {
    const max = await signInByLink(t, await addMember(t, 'max@harbor.example.org', 'sender'));
    const token = await t.api<{ token: string }>('POST', '/api/v1/tokens', { json: { name: 'max laptop', role: 'sender', user: 'max@harbor.example.org' } });
    expect((await max.api('GET', '/api/v1/session')).statusCode).toBe(200);
    expect((await bearer(token.body.token)).statusCode).toBe(200);

    const removed = await cli('users', 'remove', 'max@harbor.example.org');
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain('removed max@harbor.example.org (1 session(s) ended)');
    expect((await max.api('GET', '/api/v1/session')).statusCode).toBe(401);
    expect((await bearer(token.body.token)).statusCode).toBe(401);
    expect(await actions()).toContainEqual(expect.objectContaining({ action: 'user.remove', detail: { email: 'max@harbor.example.org', sessionsEnded: 1 } }));
    expect((await t.api('DELETE', '/api/v1/users/max%40harbor.example.org')).status).toBe(404);
  });

  it('keeps the last administrator', async () => {
    await addMember(t, 'root@harbor.example.org', 'admin');
    const demoted = await cli('users', 'role', 'root@harbor.example.org', 'editor');
    expect(demoted.code).toBe(5);
    expect(demoted.stderr).toContain('root@harbor.example.org is this organisation’s last administrator');
    expect((await t.api('DELETE', '/api/v1/users/root@harbor.example.org')).status).toBe(409);
    await addMember(t, 'deputy@harbor.example.org', 'admin');
    expect((await t.api('PUT', '/api/v1/users/root@harbor.example.org/role', { json: { role: 'editor' } })).status).toBe(200);
  });
});
