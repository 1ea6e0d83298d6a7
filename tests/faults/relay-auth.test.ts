/**
 * A relay that refuses our login is nobody's bounce: email pauses for everyone, no
 * recipient is failed, and after the relay is fixed and email resumed, everyone gets
 * exactly one copy.
 */
import { isEmailPaused, pauseEmail } from '../../src/distribution/pause.js';
import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { appWithSink } from '../helpers/suite.js';
import { fastTimings, journalists, report, seedList, seedRelease, send, until } from '../helpers/scenario.js';
import { waitForDistribution } from '../helpers/test-app.js';

describe.each(testDatabaseKinds())('relay authentication failure (%s)', (database) => {
  const s = appWithSink({ database, env: fastTimings, sinkAuth: true, smtpUrl: (port) => `smtp://presswire:wrong-password@127.0.0.1:${port}` });
  const { sink } = s;

  it('pauses email on 535 without failing anyone, then finishes after resume', async () => {
    let relayFixed = false;
    sink.script.auth = () => relayFixed;
    const addresses = journalists(30, 'auth.example.org');
    await seedList(s.t, 'auth', addresses);
    const id = await send(s.t, await seedRelease(s.t), ['auth']);

    const paused = await until(() => report(s.t, id), (r) => r.status === 'paused');
    expect(paused.statusReason).toMatch(/refused our credentials.*535.*presswire resume/s);
    expect(paused.counts).toMatchObject({ failed: 0, bounced: 0, accepted: 0 });
    expect(paused.owed).toBe(30);
    expect((await s.t.api<{ paused: boolean }>('GET', '/api/v1/email')).body.paused).toBe(true);
    expect(sink.received).toHaveLength(0);

    relayFixed = true;
    const resumed = await s.t.api<{ resumed: number }>('POST', '/api/v1/email/resume');
    expect(resumed.body.resumed).toBe(1);
    const final = await waitForDistribution(s.t, id);
    expect(final).toMatchObject({ status: 'completed', counts: { accepted: 30, failed: 0 } });
    const counts = sink.countByRecipient();
    for (const a of addresses) expect(counts.get(a)).toBe(1);
  });

  it('a refusal from a login tried before the last resume pauses nothing', async () => {
    expect((await s.t.api('POST', '/api/v1/email/resume')).status).toBe(200);
    await pauseEmail(s.t.ctx, 'The SMTP relay refused our credentials (535).', Date.now() - 5_000);
    expect(await isEmailPaused(s.t.ctx)).toBe(false);
    await pauseEmail(s.t.ctx, 'The SMTP relay refused our credentials (535).', Date.now() + 1);
    expect(await isEmailPaused(s.t.ctx)).toBe(true);
    expect((await s.t.api('POST', '/api/v1/email/resume')).status).toBe(200);
  });
});
