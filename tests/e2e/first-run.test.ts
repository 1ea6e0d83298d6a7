/**
 * The first run of a real `presswire start`: it prints a one-time link that creates the first
 * administrator, who is then signed in (here: reading the outbox with the session cookie);
 * started again, it prints none.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csrfTokenIn } from '../helpers/forms.js';
import { freePort, startServer, type ServerProcess } from '../helpers/processes.js';
import { deletePrefix, uniquePrefix } from '../helpers/redis.js';

/** `name=value` of each cookie a response sets. */
const cookiesOf = (res: Response): string => res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

describe('the first run of presswire start', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'presswire-first-run-'));
  const prefix = uniquePrefix();
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await deletePrefix(prefix);
    rmSync(cwd, { recursive: true, force: true });
  });

  it('prints a link that creates the first administrator once, and none on the next start', async () => {
    const port = await freePort();
    const env = { PORT: String(port), OUTBOX_PORT: String(await freePort()), REDIS_PREFIX: prefix, LOG_LEVEL: 'warn', PASSWORD_HASH_COST: 'test' };
    server = await startServer(['start'], env, cwd);
    const printed = /Create the first administrator: (http:\/\/127\.0\.0\.1:\d+\/setup\/[A-Za-z0-9_-]{43}) \(valid 24 h\)/.exec(server.output());
    expect(printed, server.output()).not.toBeNull();
    const link = printed![1]!;

    const form = await fetch(link);
    expect(form.status).toBe(200);
    const created = await fetch(link, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(form) },
      body: new URLSearchParams({ _csrf: csrfTokenIn(await form.text()), email: 'ada@harbor.example.org', password: 'correct horse battery staple', confirm: 'correct horse battery staple' }),
    });
    expect(created.status).toBe(303);
    const session = cookiesOf(created);
    expect(session).toMatch(/^presswire-session=/);
    expect((await fetch(`http://127.0.0.1:${port}/outbox`, { headers: { cookie: session } })).status).toBe(200);
    expect((await fetch(link)).status).toBe(410);

    expect(await server.stop()).toBe(0);
    server = await startServer(['start'], env, cwd);
    expect(server.output()).not.toContain('Create the first administrator');
  });
});
