/**
 * Embargo, for real: early recipients get the embargoed copy at once, everyone else the
 * public copy only at the lift — checked against the database clock when each send runs,
 * so a job promoted early sends nothing. Moving the embargo holds everything and tells
 * early recipients in a threaded update; lifting it now releases everything at once.
 */
import { QueueEvents } from 'bullmq';
import { simpleParser, type ParsedMail } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { appWithSink } from '../helpers/suite.js';
import { deliveries, fastTimings, until } from '../helpers/scenario.js';
import { waitForDistribution } from '../helpers/test-app.js';

const early = ['ana@ledger.example.com', 'hannah@capitolwatch.example.com'];
const late = ['priya@borderreport.example.net', 'wei@pacificpost.example.org', 'tom@kxla7.example.com', 'emily@publicradio.example.com'];
const csv = ['Name,Email,Embargo OK', ...early.map((e) => `Early ${e.split('@')[0]},${e},yes`), ...late.map((e) => `Late ${e.split('@')[0]},${e},no`)].join('\n');

/** "2026-…Z" for an instant `ms` from now, whole minutes, so the local form in the banner is exact. */
const inMinutes = (minutes: number) => new Date(Math.ceil((Date.now() + minutes * 60_000) / 60_000) * 60_000).toISOString();

describe.each(testDatabaseKinds())('embargo (%s)', (database) => {
  const s = appWithSink({ database, env: fastTimings });
  const { sink } = s;
  let run = 0;

  async function embargoedRelease(untilIso: string): Promise<{ releaseId: string; listName: string }> {
    run++;
    const listName = `desk-${run}`;
    await s.t.api('POST', `/api/v1/lists/${listName}/import`, { body: csv.replace(/@/g, `+${run}@`) });
    const created = await s.t.api<{ id: string }>('POST', '/api/v1/releases', {
      json: {
        content: { headline: `Detention report ${run}`, body: 'Asylum seekers waited a median of 97 days before meeting a lawyer.', dateline: 'SAN DIEGO' },
        embargo: { until: untilIso, zone: 'America/Los_Angeles' },
      },
    });
    await s.t.api('POST', `/api/v1/releases/${created.body.id}/finalize`);
    return { releaseId: created.body.id, listName };
  }

  const mailsTo = async (address: string): Promise<ParsedMail[]> =>
    Promise.all(sink.received.filter((r) => r.rcptTo[0] === address).map((r) => simpleParser(r.raw)));
  const addressOf = (a: string) => a.replace('@', `+${run}@`);

  it('sends early copies at once and public copies only at the lift', async () => {
    const lift = Date.now() + 3000;
    const { releaseId, listName } = await embargoedRelease(new Date(lift).toISOString());
    const sent = await s.t.api<{ id: string }>('POST', '/api/v1/distributions', { json: { releaseId, lists: [listName] } });
    await sink.waitFor(() => sink.received.filter((r) => r.rcptTo[0]!.includes(`+${run}@`)).length === 2);
    for (const address of early.map(addressOf)) {
      const [mail] = await mailsTo(address);
      expect(mail!.subject).toMatch(/^EMBARGOED UNTIL .*(PST|PDT).*: Detention report/);
      expect(mail!.text).toMatch(/UTC/);
    }
    const final = await waitForDistribution(s.t, sent.body.id);
    expect(final.counts.accepted).toBe(6);
    for (const address of late.map(addressOf)) {
      const copies = sink.received.filter((r) => r.rcptTo[0] === address);
      expect(copies).toHaveLength(1);
      expect(copies[0]!.at).toBeGreaterThanOrEqual(lift);
      expect((await simpleParser(copies[0]!.raw)).subject).toBe(`Detention report ${run}`);
    }
  });

  it('gives every early copy its own reference code, which traces back to the journalist', async () => {
    const { releaseId, listName } = await embargoedRelease(inMinutes(60));
    const sent = await s.t.api<{ id: string }>('POST', '/api/v1/distributions', { json: { releaseId, lists: [listName] } });
    await sink.waitFor(() => early.map(addressOf).every((a) => sink.received.some((r) => r.rcptTo[0] === a)));
    const codes: string[] = [];
    for (const address of early.map(addressOf)) {
      const [mail] = await mailsTo(address);
      const code = /Reference: ([0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})/.exec(mail!.text ?? '')?.[1];
      expect(code).toBeDefined();
      expect(mail!.text).toContain(`https://press.example.org/e/${code}`);
      codes.push(code!);
      const trace = await s.t.api<{ recipient: { address: string }; distributionId: string }>('GET', `/api/v1/trace/${code!.toLowerCase().replace(/-/g, ' ')}`);
      expect(trace.body).toMatchObject({ recipient: { address }, distributionId: sent.body.id });
    }
    expect(new Set(codes).size).toBe(2);
    expect((await s.t.api('GET', '/api/v1/trace/0000-0000-0000')).status).toBe(404);

    // The personal link shows the embargoed release and records the visit; the public page does not exist yet.
    const page = await s.t.app.inject({ method: 'GET', url: `/e/${codes[0]}`, headers: { 'user-agent': 'leak-test' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(codes[0]);
    expect(page.headers['x-robots-tag']).toContain('noindex');
    expect((await s.t.api<{ views: { userAgent: string }[] }>('GET', `/api/v1/trace/${codes[0]}`)).body.views).toEqual([expect.objectContaining({ userAgent: 'leak-test' })]);
    expect((await s.t.app.inject({ method: 'GET', url: `/r/${releaseId}` })).statusCode).toBe(404);
    await s.t.api('POST', `/api/v1/distributions/${sent.body.id}/cancel`);
  });

  it('holds public copies when their job runs early, moves with the embargo, and tells early recipients', async () => {
    const { releaseId, listName } = await embargoedRelease(inMinutes(60));
    const sent = await s.t.api<{ id: string }>('POST', '/api/v1/distributions', { json: { releaseId, lists: [listName] } });
    await sink.waitFor(() => early.map(addressOf).every((a) => sink.received.some((r) => r.rcptTo[0] === a)));
    const publicLines = (await deliveries(s.t, sent.body.id)).filter((d) => late.map(addressOf).includes(d.address));
    expect(publicLines.every((d) => d.status === 'queued')).toBe(true);

    // Promote the delayed public batch by hand: it runs now, checks the embargo, and puts itself back.
    const batch = await s.t.ctx.db.kysely.selectFrom('deliveries').select('batch').where('distribution_id', '=', sent.body.id).where('variant', '=', 'public').executeTakeFirstOrThrow();
    const jobId = `send-${sent.body.id}-${batch.batch}`;
    const events = new QueueEvents('email', { connection: { url: s.t.env.REDIS_URL }, prefix: s.t.env.REDIS_PREFIX });
    await events.waitUntilReady();
    const redelayed = new Promise<void>((resolve) => events.on('delayed', ({ jobId: id }) => id === jobId && resolve()));
    const queue = s.t.ctx.queues.get('email');
    // Its first run may still be putting it back to wait for the lift.
    await until(() => queue.getJobState(jobId), (state) => state === 'delayed');
    await (await queue.getJob(jobId))!.promote();
    await redelayed;
    await events.close();
    expect(late.map(addressOf).some((a) => sink.received.some((r) => r.rcptTo[0] === a))).toBe(false);

    // Move it later: nothing public goes, and early recipients get an update threaded to their copy.
    const moved = await s.t.api<{ updates: number }>('PUT', `/api/v1/releases/${releaseId}/embargo`, { json: { until: inMinutes(120) } });
    expect(moved.body.updates).toBe(2);
    await sink.waitFor(() => early.map(addressOf).every((a) => sink.received.filter((r) => r.rcptTo[0] === a).length === 2));
    for (const address of early.map(addressOf)) {
      const [original, update] = await mailsTo(address);
      expect(update!.subject).toBe(`Embargo update: Detention report ${run}`);
      expect(update!.inReplyTo).toBe(original!.messageId);
      expect(update!.references).toBe(original!.messageId);
      expect(update!.text).toMatch(/UTC/);
    }
    expect(late.map(addressOf).some((a) => sink.received.some((r) => r.rcptTo[0] === a))).toBe(false);

    // Lift it now: the public copies go at once, and early recipients hear that it lifted.
    await s.t.api('PUT', `/api/v1/releases/${releaseId}/embargo`, { json: { liftNow: true } });
    const final = await waitForDistribution(s.t, sent.body.id);
    expect(final.status).toBe('completed');
    for (const address of late.map(addressOf)) expect((await mailsTo(address)).map((m) => m.subject)).toEqual([`Detention report ${run}`]);
    for (const address of early.map(addressOf)) expect((await mailsTo(address)).at(-1)!.subject).toBe(`Embargo lifted: Detention report ${run}`);
    expect((await s.t.app.inject({ method: 'GET', url: `/r/${releaseId}` })).statusCode).toBe(200);
  });

  it('refuses a local time that does not exist or happens twice, and a time already past', async () => {
    const { releaseId } = await embargoedRelease(inMinutes(60));
    const past = await s.t.api<{ issues: { field: string; message: string }[] }>('PUT', `/api/v1/releases/${releaseId}/embargo`, { json: { until: '2026-01-05 09:00 America/New_York' } });
    expect(past.status).toBe(400);
    expect(past.body.issues[0]!.message).toMatch(/lift-now/);
    for (const until of ['2027-03-14 02:30 America/Los_Angeles', '2027-11-07 01:30 America/Los_Angeles']) {
      const res = await s.t.api<{ issues: { field: string; message: string }[] }>('PUT', `/api/v1/releases/${releaseId}/embargo`, { json: { until } });
      expect(res.status).toBe(400);
      expect(res.body.issues[0]).toMatchObject({ field: 'until' });
      expect(res.body.issues[0]!.message).toMatch(/does not exist|happens twice|ambiguous/);
    }
  });
});
