/**
 * Reports after the relay's 250: a distribution with a hard bounce, a complaint, opens and
 * clicks by people and by machines on two links, and a reply. The JSON report counts people
 * and machines apart; the recipients CSV has one row per recipient and no cell a spreadsheet
 * would run; `presswire report` prints both; a contact's and a release's reports agree.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { reports } from '../../src/contract/reports.js';
import { recordDeliveryEvent, type DeliveryEvent } from '../../src/tracking/delivery-events.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { runCli } from '../helpers/processes.js';
import { deliveries, fastTimings, journalists, seedList, send } from '../helpers/scenario.js';
import { appWithSink } from '../helpers/suite.js';
import { testToken, waitForDistribution } from '../helpers/test-app.js';

interface Tally { unique: number; total: number }
interface Pair { human: Tally; machine: Tally }
interface FullReport {
  id: string;
  counts: Record<string, number>;
  timeline: { at: string; accepted: number; failed: number; bounced: number; complained: number }[];
  lists: { name: string; total: number }[];
  outlets: { name: string; total: number }[];
  engagement: { opens: Pair; clicks: Pair };
  links: (Pair & { url: string })[];
  bounces: { address: string; kind: string | null; statusCode: string | null; detail: string | null; at: string }[];
  complaints: { address: string; detail: string | null }[];
  replies: { count: number; items: { from: string; subject: string | null }[] };
}

const photos = 'https://harbor.example.org/photos';
const pdf = 'https://harbor.example.org/report.pdf';
// Names a spreadsheet would run as formulas; the first four arrive through the API, the last two are older data.
const hostileNames = ['=HYPERLINK("http://evil.example/","x")', '+SUM(1,2)', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1'];

/** RFC 4180 records as csvLine writes them: every cell quoted, CRLF between records. */
function readCsv(text: string): string[][] {
  const records: string[][] = [];
  const pattern = /"((?:[^"]|"")*)"(,|\r\n)/gy;
  let record: string[] = [];
  for (let m = pattern.exec(text.replace(/^\uFEFF/, '')); m; m = pattern.exec(text.replace(/^\uFEFF/, ''))) {
    record.push(m[1]!.replaceAll('""', '"'));
    if (m[2] === '\r\n') {
      records.push(record);
      record = [];
    }
  }
  return records;
}

describe.each(testDatabaseKinds())('reports (%s)', (database) => {
  const s = appWithSink({ database, env: fastTimings, release: true });
  const addresses = journalists(8, `reports-${database}.example.org`);
  let distributionId = '';
  let byAddress = new Map<string, { id: string; contactId: string }>();
  let cliEnv: Record<string, string> = {};

  beforeAll(async () => {
    await seedList(s.t, 'reports', addresses);
    const contacts = (await s.t.api<{ contacts: { id: string; email: string }[] }>('GET', '/api/v1/contacts?list=reports')).body.contacts;
    const contactOf = (address: string) => contacts.find((c) => c.email === address)!.id;
    for (const [i, name] of hostileNames.slice(0, 4).entries()) {
      const res = await s.t.api('PATCH', `/api/v1/contacts/${contactOf(addresses[i]!)}`, { json: { name, outlet: i % 2 ? 'Harbor Times' : 'Bay Courier' } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    for (const [i, name] of hostileNames.slice(4).entries()) {
      await s.t.ctx.db.kysely.updateTable('contacts').set({ name }).where('id', '=', contactOf(addresses[4 + i]!)).execute();
    }
    distributionId = await send(s.t, s.releaseId, ['reports']);
    await waitForDistribution(s.t, distributionId);
    const lines = await deliveries(s.t, distributionId);
    byAddress = new Map(lines.map((d) => [d.address, { id: d.id, contactId: contactOf(d.address) }]));
    await recordEvents();
    const url = await s.t.app.listen({ host: '127.0.0.1', port: 0 });
    cliEnv = { PRESSWIRE_URL: url, PRESSWIRE_TOKEN: testToken };
  });

  let eventNo = 0;
  const at = Date.now();
  async function event(address: string, e: Omit<DeliveryEvent, 'deliveryId' | 'eventKey' | 'occurredAt' | 'source'> & { source?: DeliveryEvent['source'] }) {
    const result = await recordDeliveryEvent(s.t.ctx, { source: 'redirect', ...e, deliveryId: byAddress.get(address)!.id, eventKey: `report-test-${++eventNo}`, occurredAt: at + eventNo * 1000 });
    expect(result.applied).toBe(true);
  }
  const [bounced, complained, reader, skimmer, replier, proxied] = addresses as [string, string, string, string, string, string];
  const machine = 'opened within seconds of delivery';

  async function recordEvents() {
    await event(bounced, { type: 'bounce', source: 'smtp', bounceKind: 'hard', statusCode: '5.1.1', detail: 'user unknown', evidence: 'Final-Recipient: rfc822; x' });
    await event(complained, { type: 'complaint', source: 'smtp', detail: 'abuse' });
    await event(reader, { type: 'open', source: 'pixel' });
    await event(reader, { type: 'open', source: 'pixel' });
    await event(reader, { type: 'open', source: 'pixel', machineReason: machine });
    await event(reader, { type: 'click', url: photos });
    await event(reader, { type: 'click', url: photos });
    await event(reader, { type: 'click', url: photos, machineReason: 'link scanner user agent' });
    await event(reader, { type: 'click', url: pdf });
    await event(skimmer, { type: 'open', source: 'pixel' });
    await event(skimmer, { type: 'click', url: pdf });
    await event(skimmer, { type: 'click', url: pdf, machineReason: 'HEAD request' });
    await event(replier, { type: 'reply', source: 'smtp', detail: 'Question about the detention figures' });
    await event(proxied, { type: 'open', source: 'pixel', machineReason: machine });
  }

  const fullReport = async () => {
    const res = await s.t.api<FullReport>('GET', `/api/v1/distributions/${distributionId}/report`);
    expect(res.status).toBe(200);
    expect(reports.distribution.response[200].parse(res.body)).toEqual(res.body);
    return res.body;
  };

  it('counts opens and clicks of people apart from machines, unique and total', async () => {
    const r = await fullReport();
    expect(r.engagement).toEqual({
      opens: { human: { unique: 2, total: 3 }, machine: { unique: 2, total: 2 } },
      clicks: { human: { unique: 2, total: 4 }, machine: { unique: 2, total: 2 } },
    });
    expect(r.links).toEqual([
      { url: photos, human: { unique: 1, total: 2 }, machine: { unique: 1, total: 1 } },
      { url: pdf, human: { unique: 2, total: 2 }, machine: { unique: 1, total: 1 } },
    ]);
  });

  it('lists bounces and complaints with their reasons, replies, and counts by status over time', async () => {
    const r = await fullReport();
    expect(r.counts).toMatchObject({ accepted: 6, bounced: 1, complained: 1, failed: 0 });
    expect(r.bounces).toEqual([{ deliveryId: byAddress.get(bounced)!.id, address: bounced, kind: 'hard', statusCode: '5.1.1', detail: 'user unknown', at: new Date(at + 1000).toISOString() }]);
    expect(r.complaints).toEqual([expect.objectContaining({ address: complained, kind: null, detail: 'abuse' })]);
    expect(r.replies).toEqual({ count: 1, items: [expect.objectContaining({ from: replier, subject: 'Question about the detention figures' })] });
    expect(r.timeline.at(-1)).toMatchObject({ accepted: 8, failed: 0, bounced: 1, complained: 1 });
    for (const [a, b] of r.timeline.slice(1).map((p, i) => [r.timeline[i]!, p] as const)) {
      expect(b.at > a.at).toBe(true);
      expect(b.accepted).toBeGreaterThanOrEqual(a.accepted);
    }
    expect(r.lists).toEqual([expect.objectContaining({ name: 'reports', total: 8 })]);
    expect(r.outlets.map((o) => [o.name, o.total])).toEqual([['Bay Courier', 2], ['Harbor Times', 2]]);
  });

  it('exports one CSV row per recipient, with no cell a spreadsheet would run', async () => {
    const res = await s.t.api<string>('GET', `/api/v1/distributions/${distributionId}/recipients.csv`);
    expect(res.status).toBe(200);
    const [header, ...rows] = readCsv(res.body);
    expect(header).toEqual(['Address', 'Name', 'Outlet', 'Lists', 'Status', 'Reason', 'Accepted at', 'Opened', 'Clicked', 'Bounced', 'Complained', 'Replied']);
    expect(rows.map((r) => r[0]).sort()).toEqual([...addresses].sort());
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^\s*[=+\-@\t\r]/);
    const row = (address: string) => rows.find((r) => r[0] === address)!;
    for (const [i, name] of hostileNames.entries()) expect(row(addresses[i]!)[1]).toBe(`'${name}`);
    expect(row(bounced).slice(4)).toEqual(['bounced', 'hard bounce: 5.1.1 user unknown', expect.stringMatching(/^\d{4}-/), '0', '0', 'hard', '', '0']);
    expect(row(complained)[10]).toBe('yes');
    expect(row(reader).slice(7)).toEqual(['2', '3', '', '', '0']);
    expect(row(proxied).slice(7, 9)).toEqual(['0', '0']);
    expect(row(replier)[11]).toBe('1');
    expect(row(reader)[3]).toBe('reports');
  });

  it('prints the report with `presswire report`: a summary, --json and --csv', async () => {
    const json = await runCli(['report', distributionId, '--json'], cliEnv);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(await fullReport());

    const csv = await runCli(['report', distributionId, '--csv'], cliEnv);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout).toBe((await s.t.api<string>('GET', `/api/v1/distributions/${distributionId}/recipients.csv`)).body);
    expect(csv.stdout).toContain(`"'=HYPERLINK(""http://evil.example/"",""x"")"`);

    const summary = await runCli(['report', distributionId], cliEnv);
    expect(summary.code, summary.stderr).toBe(0);
    expect(summary.stdout).toContain('opens:  people 2 unique, 3 total; machines 2 unique, 2 total');
    expect(summary.stdout).toContain(`${bounced}: hard 5.1.1 user unknown`);
    expect(summary.stdout).toContain('replies: 1');

    const missing = await runCli(['report', 'dst_0000000000000000000000000'], cliEnv);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/^error: .*not found/im);
    const malformed = await runCli(['report', 'nonsense', '--csv'], cliEnv);
    expect(malformed.code).not.toBe(0);
    expect(malformed.stderr).toContain('must be a distribution id');
  });

  it('answers a problem for a distribution of no one', async () => {
    for (const path of ['report', 'recipients.csv']) {
      const res = await s.t.api<{ code: string }>('GET', `/api/v1/distributions/dst_0000000000000000000000000/${path}`);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
  });

  it('tells a contact’s history: what was sent and what happened', async () => {
    const res = await s.t.api<{ contact: { email: string }; deliveries: { distributionId: string; headline: string; status: string; events: { type: string; machine: boolean; url: string | null }[] }[] }>(
      'GET',
      `/api/v1/contacts/${byAddress.get(reader)!.contactId}/report`,
    );
    expect(res.status).toBe(200);
    expect(reports.contact.response[200].parse(res.body)).toEqual(res.body);
    expect(res.body.contact.email).toBe(reader);
    expect(res.body.deliveries).toHaveLength(1);
    const [delivery] = res.body.deliveries;
    expect(delivery).toMatchObject({ distributionId, headline: 'Harbor Legal Aid report on detention and counsel', status: 'accepted' });
    expect(delivery!.events.map((e) => `${e.type}${e.machine ? ' (machine)' : ''}`)).toEqual(['open', 'open', 'open (machine)', 'click', 'click', 'click (machine)', 'click']);
    const bouncedHistory = await s.t.api<{ deliveries: { status: string; events: { type: string; bounceKind: string; statusCode: string }[] }[] }>('GET', `/api/v1/contacts/${byAddress.get(bounced)!.contactId}/report`);
    expect(bouncedHistory.body.deliveries[0]).toMatchObject({ status: 'bounced', events: [{ type: 'bounce', bounceKind: 'hard', statusCode: '5.1.1' }] });
  });

  it('sums a release across its distributions', async () => {
    const more = journalists(2, `reports-more-${database}.example.org`);
    await seedList(s.t, 'reports-more', more);
    const second = await send(s.t, s.releaseId, ['reports-more']);
    await waitForDistribution(s.t, second);
    const res = await s.t.api<{ distributions: { id: string }[]; total: number; counts: Record<string, number>; engagement: FullReport['engagement']; bounces: unknown[] }>('GET', `/api/v1/releases/${s.releaseId}/report`);
    expect(res.status).toBe(200);
    expect(reports.release.response[200].parse(res.body)).toEqual(res.body);
    expect(res.body.distributions.map((d) => d.id)).toEqual([distributionId, second]);
    expect(res.body.total).toBe(10);
    expect(res.body.counts).toMatchObject({ accepted: 8, bounced: 1, complained: 1 });
    expect(res.body.engagement).toEqual((await fullReport()).engagement);
    expect(res.body.bounces).toHaveLength(1);
  });
});
