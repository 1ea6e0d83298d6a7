/**
 * Opens and clicks, for real: a release goes through the SMTP sink, and the tracked links
 * and pixel are taken from the message that arrived. The redirect goes only to a link of
 * that message; machines (scanners, HEAD requests, clicks at delivery) are stored apart
 * from people; the organisation's setting and the contact's choice turn tracking off.
 */
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { fastTimings } from '../helpers/scenario.js';
import { appWithSink } from '../helpers/suite.js';
import { waitForDistribution } from '../helpers/test-app.js';
import { afterAcceptance } from '../../src/tracking/report-events.js';

const reportUrl = 'https://harborlegalaid.example.org/report?year=2026&lang=en';
const photosUrl = 'https://harborlegalaid.example.org/photos';
const browser = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const scanner = 'Mozilla/5.0 (compatible; Barracuda Sentinel (EE))';

describe.each(testDatabaseKinds())('click tracking (%s)', (database) => {
  const s = appWithSink({ database, env: fastTimings });
  let run = 0;

  /** Sends a release with two links to a new list; returns the distribution and each recipient's HTML. */
  async function sendRelease(rows: string[]): Promise<{ distributionId: string; htmlOf: (address: string) => Promise<string> }> {
    run++;
    const list = `tracked-${run}`;
    expect((await s.t.api('POST', `/api/v1/lists/${list}/import`, { body: ['Name,Email,Tracking', ...rows].join('\n') })).status).toBe(200);
    const created = await s.t.api<{ id: string }>('POST', '/api/v1/releases', {
      json: {
        content: {
          headline: `Detention report ${run}`,
          body: `Asylum seekers waited 97 days for a lawyer. [Read the report](${reportUrl}).`,
          dateline: 'SAN DIEGO',
          contacts: [{ name: 'Dana Whitfield', email: 'press@harborlegalaid.example.org' }],
          links: [{ label: 'Photos', url: photosUrl }],
        },
      },
    });
    await s.t.api('POST', `/api/v1/releases/${created.body.id}/finalize`);
    const sent = await s.t.api<{ id: string }>('POST', '/api/v1/distributions', { json: { releaseId: created.body.id, lists: [list] } });
    await waitForDistribution(s.t, sent.body.id);
    const htmlOf = async (address: string) => {
      const received = s.sink.received.find((r) => r.rcptTo[0] === address);
      expect(received, address).toBeDefined();
      return String((await simpleParser(received!.raw)).html);
    };
    return { distributionId: sent.body.id, htmlOf };
  }

  const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
  const trackedLink = (html: string, target: string) => hrefs(html).find((h) => h.includes('/c/') && new URL(h).searchParams.get('url') === target);
  const pathOf = (url: string) => url.replace('https://press.example.org', '');
  const get = (url: string, userAgent: string, method: 'GET' | 'HEAD' = 'GET') => s.t.app.inject({ method, url: pathOf(url), headers: { 'user-agent': userAgent } });
  const events = (distributionId: string) => s.t.ctx.db.kysely.selectFrom('delivery_events').selectAll().where('distribution_id', '=', distributionId).orderBy('occurred_at').execute();
  /** As if the relay had taken the message a minute ago. */
  const acceptedAMinuteAgo = (distributionId: string) =>
    s.t.ctx.db.kysely.updateTable('deliveries').set({ finished_at: Date.now() - 60_000 }).where('distribution_id', '=', distributionId).execute();

  it('redirects a link of the message to its target, and refuses the same link with the url changed', async () => {
    const address = `ana+${run + 1}@ledger.example.com`;
    const { distributionId, htmlOf } = await sendRelease([`Ana Ruiz,${address},`]);
    const html = await htmlOf(address);
    const link = trackedLink(html, reportUrl);
    expect(link, html).toBeDefined();
    expect(html).not.toContain(`href="${reportUrl.replace(/&/g, '&amp;')}"`);
    await acceptedAMinuteAgo(distributionId);

    const followed = await get(link!, browser);
    expect(followed.statusCode).toBe(302);
    expect(followed.headers.location).toBe(reportUrl);
    expect(followed.headers['cache-control']).toContain('no-store');

    const changed = new URL(link!);
    changed.searchParams.set('url', 'https://attacker.example.net/phish');
    const refused = await get(changed.href, browser);
    expect(refused.statusCode).toBe(404);
    expect(refused.headers.location).toBeUndefined();
    const forged = await get(link!.replace(/\/c\/([^.]+)\.[^?]+/, '/c/$1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'), browser);
    expect(forged.statusCode).toBe(404);

    const clicks = (await events(distributionId)).filter((e) => e.type === 'click');
    expect(clicks).toHaveLength(1);
    expect(clicks[0]).toMatchObject({ url: reportUrl, machine: 0, source: 'redirect', user_agent: browser });
  });

  it('labels a scanner click at delivery and a HEAD request as machine, and a later browser click as human', async () => {
    const address = `priya+${run + 1}@borderreport.example.net`;
    const { distributionId, htmlOf } = await sendRelease([`Priya Nair,${address},yes`]);
    const html = await htmlOf(address);
    const link = trackedLink(html, photosUrl)!;

    expect((await get(link, scanner)).statusCode).toBe(302);
    expect((await get(trackedLink(html, reportUrl)!, 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)', 'HEAD')).statusCode).toBe(302);
    await acceptedAMinuteAgo(distributionId);
    expect((await get(link, browser)).statusCode).toBe(302);

    const clicks = (await events(distributionId)).filter((e) => e.type === 'click');
    expect(clicks.map((c) => [c.url, c.machine])).toEqual([[photosUrl, 1], [reportUrl, 1], [photosUrl, 0]]);
    expect(clicks[0]!.machine_reason).toMatch(/scanner|seconds of delivery/);
    expect(clicks[1]!.machine_reason).toBe('HEAD request');
    expect(clicks[2]!.machine_reason).toBeNull();

    const { engagement, links } = await afterAcceptance(s.t.ctx.db, [distributionId]);
    expect(engagement.clicks).toEqual({ human: { unique: 1, total: 1 }, machine: { unique: 1, total: 2 } });
    expect(links).toEqual([
      { url: photosUrl, human: { unique: 1, total: 1 }, machine: { unique: 1, total: 1 } },
      { url: reportUrl, human: { unique: 0, total: 0 }, machine: { unique: 1, total: 1 } },
    ]);
  });

  it('answers the open pixel with a no-store GIF and records an open', async () => {
    const address = `wei+${run + 1}@pacificpost.example.org`;
    const { distributionId, htmlOf } = await sendRelease([`Wei Chen,${address},`]);
    const pixel = /<img src="(https:\/\/press\.example\.org\/o\/[^"]+\.gif)"/.exec(await htmlOf(address))?.[1];
    expect(pixel).toBeDefined();
    await acceptedAMinuteAgo(distributionId);

    const opened = await get(pixel!, browser);
    expect(opened.statusCode).toBe(200);
    expect(opened.headers['content-type']).toBe('image/gif');
    expect(opened.headers['cache-control']).toContain('no-store');
    expect(opened.headers['referrer-policy']).toBe('no-referrer');
    expect(opened.rawPayload.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    // Apple's proxy loads the pixel from 17.0.0.0/8 with a bare user agent: stored, but as a machine.
    await s.t.app.inject({ method: 'GET', url: pathOf(pixel!), headers: { 'user-agent': 'Mozilla/5.0' }, remoteAddress: '17.58.101.7' });
    expect((await get(pixel!.replace('.gif', 'x.gif'), browser)).statusCode).toBe(404);

    const opens = (await events(distributionId)).filter((e) => e.type === 'open');
    expect(opens.map((o) => [o.source, o.machine])).toEqual([['pixel', 0], ['pixel', 1]]);
    const { engagement } = await afterAcceptance(s.t.ctx.db, [distributionId]);
    expect(engagement.opens).toEqual({ human: { unique: 1, total: 1 }, machine: { unique: 1, total: 1 } });
  });

  it('gives a contact with tracking off direct links and no pixel, and tracks nothing when the organisation turns it off', async () => {
    const untracked = `tom+${run + 1}@kxla7.example.com`;
    const tracked = `emily+${run + 1}@publicradio.example.com`;
    const first = await sendRelease([`Tom Baker,${untracked},off`, `Emily Ross,${tracked},`]);
    const direct = await first.htmlOf(untracked);
    expect(hrefs(direct)).toEqual(expect.arrayContaining([reportUrl, photosUrl]));
    expect(direct).not.toMatch(/press\.example\.org\/(c|o)\//);
    expect(direct).toContain('/u/'); // the unsubscribe link stays
    expect(trackedLink(await first.htmlOf(tracked), reportUrl)).toBeDefined();

    expect((await s.t.api('PUT', '/api/v1/org/settings/tracking', { json: { value: 'off' } })).status).toBe(200);
    try {
      const later = `hannah+${run + 1}@capitolwatch.example.com`;
      const second = await sendRelease([`Hannah Cole,${later},`]);
      const html = await second.htmlOf(later);
      expect(html).not.toMatch(/press\.example\.org\/(c|o)\//);
      expect(hrefs(html)).toEqual(expect.arrayContaining([reportUrl, photosUrl]));
    } finally {
      await s.t.api('PUT', '/api/v1/org/settings/tracking', { json: { value: 'on' } });
    }
  });

  it('lets a contact turn tracking off through the API, with an audit row', async () => {
    const address = `jim+${run + 1}@desertsun.example.com`;
    await sendRelease([`Jim Baker,${address},`]);
    const listed = await s.t.api<{ contacts: { id: string; trackingOff: boolean }[] }>('GET', `/api/v1/contacts?q=${encodeURIComponent(address)}`);
    const contact = listed.body.contacts[0]!;
    expect(contact.trackingOff).toBe(false);
    const patched = await s.t.api<{ trackingOff: boolean }>('PATCH', `/api/v1/contacts/${contact.id}`, { json: { trackingOff: true } });
    expect(patched.body.trackingOff).toBe(true);
    const bad = await s.t.api<{ issues?: { field: string }[] }>('PATCH', `/api/v1/contacts/${contact.id}`, { json: { trackingOff: 'maybe' } });
    expect(bad.status).toBe(400);
    const audit = await s.t.ctx.db.kysely.selectFrom('audit_log').selectAll().where('object_id', '=', contact.id).where('action', '=', 'contact.update').execute();
    expect(audit.some((row) => String(row.detail).includes('tracking_off'))).toBe(true);
  });
});
