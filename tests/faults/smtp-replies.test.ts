/**
 * What the relay answers decides what happens to each journalist: retried, bounced
 * and suppressed, failed, or sent again with the same Message-ID — never lost, never
 * sent to someone else.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { firstOrganisation } from '../../src/organisations/organisations.service.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { attempts, deliveries, fastTimings, journalists, seedList, send } from '../helpers/scenario.js';
import { appWithSink } from '../helpers/suite.js';
import { waitForDistribution } from '../helpers/test-app.js';

const byAddress = <T extends { address: string }>(rows: T[]) => new Map(rows.map((r) => [r.address, r]));

describe.each(testDatabaseKinds())('SMTP replies (%s)', (database) => {
  const s = appWithSink({ database, env: fastTimings, release: true });
  const { sink } = s;
  let run = 0;

  /** A list of its own per test, so counts at the sink belong to this test alone. */
  async function distribute(n: number) {
    run++;
    const addresses = journalists(n, `run${run}.example.org`);
    await seedList(s.t, `run-${run}`, addresses);
    const id = await send(s.t, s.releaseId, [`run-${run}`]);
    return { id, addresses, done: () => waitForDistribution(s.t, id) };
  }

  it('421 twice, then 250: one body each, three attempts recorded, none failed', async () => {
    sink.script.rcpt = (_address, attempt) => (attempt <= 2 ? { code: 421, message: '4.7.0 Try again later' } : undefined);
    const { id, addresses, done } = await distribute(10);
    const final = await done();
    expect(final).toMatchObject({ status: 'completed', counts: { accepted: 10, failed: 0 } });
    const counts = sink.countByRecipient();
    for (const a of addresses) expect(counts.get(a)).toBe(1);
    for (const d of await deliveries(s.t, id)) {
      expect(d.attempts).toBe(3);
      expect((await attempts(s.t, d.id)).map((a) => [a.outcome, a.code])).toEqual([['throttled', 421], ['throttled', 421], ['accepted', 250]]);
    }
  });

  it('550 5.1.1 bounces after one attempt, suppresses the contact, and a later distribution skips it', async () => {
    const unknown = (a: string) => a.startsWith('reporter0000') || a.startsWith('reporter0003');
    sink.script.rcpt = (address) => (unknown(address) ? { code: 550, message: '5.1.1 <mailbox> User unknown' } : undefined);
    const { id, addresses, done } = await distribute(8);
    const final = await done();
    expect(final).toMatchObject({ status: 'completed_with_failures', counts: { accepted: 6, bounced: 2 } });
    const lines = byAddress(await deliveries(s.t, id));
    for (const a of addresses.filter(unknown)) {
      expect(lines.get(a)).toMatchObject({ status: 'bounced', attempts: 1, lastCode: 550, lastEnhanced: '5.1.1' });
    }
    const suppressed = await s.t.ctx.db.kysely.selectFrom('suppressions').select(['email_key', 'reason']).where('reason', '=', 'bounced').execute();
    expect(suppressed.map((s) => s.email_key).sort()).toEqual(addresses.filter(unknown).sort());

    const rcptsBefore = sink.rcptLog.length;
    const later = await send(s.t, s.releaseId, [`run-${run}`]);
    const laterReport = await waitForDistribution(s.t, later);
    expect(laterReport.total).toBe(6);
    expect(sink.rcptLog.slice(rcptsBefore).filter((r) => unknown(r.address))).toHaveLength(0);
  });

  it('552 5.2.2 (mailbox full) is retried and accepted; 552 5.3.4 (too big) fails without suppressing', async () => {
    sink.script.rcpt = (address, attempt) => (address.startsWith('reporter0000') && attempt <= 2 ? { code: 552, message: '5.2.2 Mailbox full' } : undefined);
    sink.script.data = (address) => (address.startsWith('reporter0001') ? { code: 552, message: '5.3.4 Message too big for system' } : undefined);
    const { id, addresses, done } = await distribute(3);
    await done();
    const lines = byAddress(await deliveries(s.t, id));
    expect(lines.get(addresses[0]!)).toMatchObject({ status: 'accepted', attempts: 3 });
    expect(lines.get(addresses[1]!)).toMatchObject({ status: 'failed', attempts: 1, lastCode: 552, lastEnhanced: '5.3.4' });
    const suppressed = await s.t.ctx.db.kysely.selectFrom('suppressions').select('email_key').where('email_key', 'in', addresses.slice(0, 2)).execute();
    expect(suppressed).toHaveLength(0);
  });

  it('gives up after the configured number of attempts, saying why', async () => {
    sink.script.rcpt = (address) => (address.startsWith('reporter0000') ? { code: 451, message: '4.3.0 Temporary local problem' } : undefined);
    const { id, addresses, done } = await distribute(2);
    const final = await done();
    expect(final.status).toBe('completed_with_failures');
    const line = byAddress(await deliveries(s.t, id)).get(addresses[0]!)!;
    expect(line).toMatchObject({ status: 'failed', attempts: 4, reason: 'gave up after 4 attempts: 451 4.3.0 Temporary local problem' });
  });

  it('a connection dropped after the final dot is ambiguous and retried with the same Message-ID', async () => {
    sink.script.data = (address, attempt) => (address.startsWith('reporter0002') && attempt === 1 ? { drop: true } : undefined);
    const { id, addresses, done } = await distribute(4);
    await done();
    const copies = sink.received.filter((r) => r.rcptTo[0] === addresses[2]);
    expect(copies).toHaveLength(2);
    expect(copies[0]!.replyLost).toBe(true);
    expect(copies[1]!.messageId).toBe(copies[0]!.messageId);
    const line = byAddress(await deliveries(s.t, id)).get(addresses[2]!)!;
    expect(line).toMatchObject({ status: 'accepted', attempts: 2, messageId: copies[0]!.messageId });
    expect((await attempts(s.t, line.id)).map((a) => a.outcome)).toEqual(['ambiguous', 'accepted']);
    const flagged = await s.t.ctx.db.kysely.selectFrom('deliveries').select('duplicate_risk').where('id', '=', line.id).executeTakeFirstOrThrow();
    expect(flagged.duplicate_risk).toBe(1);
    for (const other of [0, 1, 3]) expect(sink.countByRecipient().get(addresses[other]!)).toBe(1);
  });

  it('a poisoned stored address is refused at send time with zero SMTP transactions', async () => {
    const { addresses } = { addresses: journalists(2, 'poison.example.org') };
    await seedList(s.t, 'poisoned', addresses);
    // Written behind the importer's back, as a compromised database or an old import would.
    const org = await firstOrganisation(s.t.ctx.db);
    const poisons = ['ed@news.example\r\nBcc: spy@evil.test', 'a@x.example.org, spy@evil.test', 'x@example.org>\r\nRCPT TO:<spy@evil.test'];
    for (const [i, email] of poisons.entries()) {
      await sql`insert into contacts (id, org_id, email, email_key, name, created_at, updated_at) values (${`ct_poison${String(i).padStart(20, '0')}`}, ${org.id}, ${email}, ${`poison-${i}`}, ${'Poisoned'}, 0, 0)`.execute(s.t.ctx.db.kysely);
      const list = await s.t.ctx.db.kysely.selectFrom('lists').select('id').where('name', '=', 'poisoned').executeTakeFirstOrThrow();
      await sql`insert into list_members (list_id, contact_id, created_at) values (${list.id}, ${`ct_poison${String(i).padStart(20, '0')}`}, 0)`.execute(s.t.ctx.db.kysely);
    }
    const before = sink.rcptLog.length;
    const id = await send(s.t, s.releaseId, ['poisoned']);
    const final = await waitForDistribution(s.t, id);
    expect(final.counts).toMatchObject({ accepted: 2, failed: 3 });
    const refused = (await deliveries(s.t, id)).filter((d) => d.status === 'failed');
    expect(refused.every((d) => d.reason === 'invalid_address' && d.attempts === 0)).toBe(true);
    const seen = sink.rcptLog.slice(before).map((r) => r.address);
    expect(seen.sort()).toEqual(addresses.sort());
    expect(sink.received.some((r) => r.rcptTo.some((a) => a.includes('evil')))).toBe(false);
  });
});
