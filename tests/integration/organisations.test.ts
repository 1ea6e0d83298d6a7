/**
 * Two organisations on one installation: each mails as itself (sender, name, postal
 * address, theme), and one journalist on both lists is two contacts — unsubscribing from
 * one organisation leaves the other's mail alone.
 */
import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createOrg, createToken } from '../helpers/people.js';
import { seedList, seedRelease } from '../helpers/scenario.js';
import { appWithSink } from '../helpers/suite.js';
import { waitForDistribution, type ApiClient } from '../helpers/test-app.js';

const shared = 'maria.lopez@tribune.example.com';

describe.each(testDatabaseKinds())('organisations side by side (%s)', (database) => {
  const s = appWithSink({ database });
  let coalition: ApiClient;

  const sendAll = async (client: ApiClient, list: string) => {
    const release = await seedRelease(client);
    const sent = await client.api<{ id: string }>('POST', '/api/v1/distributions', { json: { releaseId: release, lists: [list] } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    return waitForDistribution(client, sent.body.id);
  };
  const lastTo = (address: string) => s.sink.received.filter((r) => r.rcptTo.includes(address)).at(-1)!;

  it('mails as each organisation: its sender, name, postal address and theme', async () => {
    await createOrg(s.t, 'Coalition for Fair Hearings');
    coalition = s.t.as((await createToken(s.t, { role: 'admin', org: 'Coalition for Fair Hearings' })).token);
    for (const [key, value] of [
      ['sender-name', 'Coalition for Fair Hearings'],
      ['sender-address', 'press@coalition.example.org'],
      ['postal-address', '22 Court Street, Fresno, CA 93721'],
      ['theme', JSON.stringify({ colors: { accent: '#0b6e4f' } })],
    ]) {
      const res = await coalition.api('PUT', `/api/v1/org/settings/${key}`, { json: { value } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    const badTheme = await coalition.api<{ issues: { field: string }[] }>('PUT', '/api/v1/org/settings/theme', { json: { value: '{"colors":{"accent":"green"}}' } });
    expect(badTheme.status).toBe(400);

    await seedList(coalition, 'courts', [shared]);
    await seedList(s.t, 'courts', [shared]);
    expect((await sendAll(coalition, 'courts')).counts.accepted).toBe(1);
    const theirs = lastTo(shared);
    // The envelope sender is the delivery's VERP address on the organisation's own domain.
    expect(theirs.mailFrom).toMatch(/^bounces\+dlv_[0-9a-z]{25}\.[0-9a-f]{24}@coalition\.example\.org$/);
    const raw = theirs.raw.toString('utf8');
    expect(raw).toMatch(/^From: "?Coalition for Fair Hearings"? <press@coalition\.example\.org>/m);
    expect(raw).toContain('22 Court Street, Fresno');
    expect(raw).toContain('#0b6e4f');

    expect((await sendAll(s.t, 'courts')).counts.accepted).toBe(1);
    const ours = lastTo(shared);
    expect(ours.mailFrom).toMatch(/^bounces\+dlv_[0-9a-z]{25}\.[0-9a-f]{24}@press\.example\.org$/);
    expect(ours.raw.toString('utf8')).toContain('100 Harbor Drive');
    expect(ours.raw.toString('utf8')).not.toContain('#0b6e4f');
  });

  it('keeps an unsubscribe within the organisation the journalist left', async () => {
    const message = lastTo(shared).raw.toString('latin1').replace(/\r\n\s+/g, '');
    // The last message to them is the first organisation's: they leave it, not the coalition.
    const unsubscribe = /List-Unsubscribe: <[^>]*?(\/u\/[^>]+)>/.exec(message)![1]!;
    expect((await s.t.app.inject({ method: 'POST', url: unsubscribe })).statusCode).toBe(200);
    expect((await sendAll(s.t, 'courts')).counts).toMatchObject({ accepted: 0, suppressed: 0 });
    expect((await sendAll(coalition, 'courts')).counts.accepted).toBe(1);
    const theirs = await coalition.api<{ suppressions: unknown[] }>('GET', '/api/v1/suppressions');
    expect(theirs.body.suppressions).toEqual([]);
  });
});
