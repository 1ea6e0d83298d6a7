/**
 * The Prometheus scrape tells what the ledger and the queues say: a distribution sent through a
 * real SMTP conversation (with the relay's refusals scripted), then bounces and complaints
 * recorded after acceptance, read back from /metrics with its token.
 */
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { loadConfig } from '../../src/config.js';
import { startMetricsListener } from '../../src/metrics/listener.js';
import { firstOrganisation } from '../../src/organisations/organisations.service.js';
import { recordDeliveryEvent } from '../../src/tracking/delivery-events.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { parseExposition, type Exposition } from '../helpers/prometheus.js';
import { deliveries, fastTimings, journalists, report, seedList, send } from '../helpers/scenario.js';
import { appWithSink } from '../helpers/suite.js';
import { waitForDistribution } from '../helpers/test-app.js';

const metricsToken = 'metrics-test-token-0123456789abcdef0123';
const bearer = { authorization: `Bearer ${metricsToken}` };

const classOf = (code: number) => `${Math.floor(code / 100)}xx`;

describe.each(testDatabaseKinds())('metrics scrape (%s)', (database) => {
  const s = appWithSink({ database, env: { ...fastTimings, METRICS_TOKEN: metricsToken }, release: true });
  const addresses = journalists(10, 'metrics.example.org');
  const [, unknownUser, refused, throttled, bouncesLater, complainsLater] = addresses as [string, string, string, string, string, string];

  async function scrape(headers: Record<string, string> = bearer): Promise<Exposition> {
    const res = await s.t.app.inject({ method: 'GET', url: '/metrics', headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseExposition(res.body);
  }

  it('refuses a scrape without the token, or with another, as a 401 problem', async () => {
    for (const headers of [{}, { authorization: `Bearer ${metricsToken}x` }, { authorization: metricsToken }]) {
      const res = await s.t.app.inject({ method: 'GET', url: '/metrics', headers });
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
      expect(res.body).not.toContain('presswire_');
    }
    // An API token is not a metrics token.
    const asAdmin = await s.t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${s.t.token}` } });
    expect(asAdmin.statusCode).toBe(401);
  });

  it('is off without METRICS_TOKEN: 404', async () => {
    const config = loadConfig({ ...s.t.env, METRICS_TOKEN: '' });
    const app = await buildApp({ ...s.t.ctx, config });
    try {
      const res = await app.inject({ method: 'GET', url: '/metrics', headers: bearer });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await app.close();
    }
  });

  it("shows a finished distribution's counts by status, its relay replies, queues, and bounce and complaint rates", async () => {
    s.sink.script.rcpt = (address, attempt) => {
      if (address === unknownUser) return { code: 550, message: '5.1.1 <mailbox> User unknown' };
      if (address === refused) return { code: 554, message: '5.7.1 Message refused by policy' };
      if (address === throttled && attempt === 1) return { code: 451, message: '4.3.0 Try again later' };
      return undefined;
    };
    await seedList(s.t, 'metrics-desk', addresses);
    const id = await send(s.t, s.releaseId, ['metrics-desk']);
    const finished = await waitForDistribution(s.t, id);
    expect(finished.counts).toMatchObject({ accepted: 8, bounced: 1, failed: 1 });

    // After acceptance: a DSN for one journalist, a spam complaint from another.
    const lines = new Map((await deliveries(s.t, id)).map((d) => [d.address, d.id]));
    const deps = { db: s.t.ctx.db, queues: s.t.ctx.queues, clock: s.t.ctx.clock };
    const at = Date.now();
    await recordDeliveryEvent(deps, { deliveryId: lines.get(bouncesLater)!, type: 'bounce', bounceKind: 'hard', source: 'smtp', eventKey: `dsn-${id}`, statusCode: '5.1.1', detail: 'user unknown', occurredAt: at });
    await recordDeliveryEvent(deps, { deliveryId: lines.get(complainsLater)!, type: 'complaint', source: 'smtp', eventKey: `arf-${id}`, detail: 'abuse', occurredAt: at });
    const after = await report(s.t, id);
    expect(after.counts).toMatchObject({ accepted: 6, bounced: 2, complained: 1, failed: 1 });

    const m = await scrape();
    const org = (await firstOrganisation(s.t.ctx.db)).id;

    // Deliveries by status: the distribution's own counts, and nothing else.
    const email = m.find('presswire_deliveries', { channel: 'email', org });
    const shown = Object.fromEntries(email.map((x) => [x.labels.status, x.value]));
    const expected = Object.fromEntries(Object.entries(after.counts).filter(([, n]) => n > 0));
    expect(shown).toEqual(expected);
    expect(email.reduce((sum, x) => sum + x.value, 0)).toBe(after.total);
    expect(m.types.get('presswire_deliveries')).toBe('gauge');

    // Send rate over the last minute: every one of them finished within it.
    expect(m.value('presswire_deliveries_finished_per_second', { channel: 'email' })).toBeCloseTo(after.total / 60, 5);

    // Relay replies, by the class of what the sink answered to each attempt.
    const answered = new Map<string, number>();
    for (const r of s.sink.rcptLog) answered.set(classOf(r.code), (answered.get(classOf(r.code)) ?? 0) + 1);
    expect(answered.get('4xx')).toBe(1);
    expect(answered.get('5xx')).toBe(2);
    for (const cls of ['2xx', '4xx', '5xx']) expect(m.value('presswire_relay_replies', { class: cls }), cls).toBe(answered.get(cls));
    expect(m.value('presswire_relay_replies', { class: 'none' })).toBe(0);

    // Bounce and complaint rates: of the 8 the relay accepted, one bounced and one complained.
    expect(m.value('presswire_email_accepted_30d', { org })).toBe(8);
    expect(m.value('presswire_email_bounced_30d', { org })).toBe(1);
    expect(m.value('presswire_email_complained_30d', { org })).toBe(1);
    expect(m.value('presswire_bounce_rate', { org })).toBeCloseTo(1 / 8, 10);
    expect(m.value('presswire_complaint_rate', { org })).toBeCloseTo(1 / 8, 10);

    // Queues: every state of plan, email and webhooks; nothing is waiting once it is done.
    for (const queue of ['plan', 'email', 'webhooks']) {
      for (const state of ['waiting', 'delayed', 'active', 'failed']) expect(m.find('presswire_queue_jobs', { queue, state }), `${queue} ${state}`).toHaveLength(1);
      expect(m.value('presswire_queue_oldest_waiting_seconds', { queue })).toBe(0);
    }
    expect(m.value('presswire_metrics_source_up', { source: 'database' })).toBe(1);
    expect(m.value('presswire_metrics_source_up', { source: 'redis' })).toBe(1);
    // The process's own metrics, under the same prefix.
    expect(m.find('presswire_process_cpu_user_seconds_total')).toHaveLength(1);
    // Label values name statuses, channels, organisations and queues: never an address.
    for (const sample of m.samples) for (const v of Object.values(sample.labels)) expect(v).not.toContain('@');
  });

  it('counts social deliveries by network, and reads each social account\'s queue', async () => {
    const before = await scrape();
    const added = await s.t.api<{ id: string; status: string }>('POST', '/api/v1/accounts', { json: { network: 'mastodon', name: 'metrics-dry-run', settings: { instance: 'https://social.example' } } });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body.status).toBe('dry_run');
    const res = await s.t.api<{ id: string }>('POST', '/api/v1/distributions', { json: { releaseId: s.releaseId, channels: ['mastodon:metrics-dry-run'] } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const finished = await waitForDistribution(s.t, res.body.id);
    expect(finished.counts).toMatchObject({ dry_run: 1 });
    const m = await scrape();
    const org = (await firstOrganisation(s.t.ctx.db)).id;
    expect(m.value('presswire_deliveries', { channel: 'mastodon', status: 'dry_run', org })).toBe(1);
    expect(m.value('presswire_deliveries_finished_per_second', { channel: 'mastodon' })).toBeCloseTo(1 / 60, 5);
    expect(m.find('presswire_queue_jobs', { queue: `social-${added.body.id}` })).toHaveLength(4);
    expect(m.find('presswire_queue_oldest_waiting_seconds', { queue: `social-${added.body.id}` })).toHaveLength(1);
    // A post is no relay reply: the attempt it recorded is not among them.
    expect(await s.t.ctx.db.kysely.selectFrom('delivery_attempts').select('code').where('delivery_id', 'in', (eb) => eb.selectFrom('deliveries').select('id').where('kind', '=', 'social')).execute()).toHaveLength(1);
    for (const cls of ['2xx', '4xx', '5xx', 'none']) expect(m.value('presswire_relay_replies', { class: cls }), cls).toBe(before.value('presswire_relay_replies', { class: cls }));
  });

  it('counts the jobs waiting in a queue and the age of the oldest', async () => {
    const queue = s.t.ctx.queues.get('webhooks');
    await queue.pause();
    try {
      await queue.add('metrics.probe', {}, { jobId: 'metrics-probe-1', timestamp: Date.now() - 90_000 });
      await queue.add('metrics.probe', {}, { jobId: 'metrics-probe-2' });
      await queue.add('metrics.probe', {}, { jobId: 'metrics-probe-3', delay: 60_000 });
      const m = await scrape();
      expect(m.value('presswire_queue_jobs', { queue: 'webhooks', state: 'waiting' })).toBe(2);
      expect(m.value('presswire_queue_jobs', { queue: 'webhooks', state: 'delayed' })).toBe(1);
      const age = m.value('presswire_queue_oldest_waiting_seconds', { queue: 'webhooks' });
      expect(age).toBeGreaterThanOrEqual(90);
      expect(age).toBeLessThan(120);
    } finally {
      await queue.obliterate({ force: true });
      await queue.resume();
    }
  });

  it('serves the same registry on METRICS_PORT, over HTTP, for a process without the API', async () => {
    const listener = await startMetricsListener(s.t.ctx, { host: '127.0.0.1', port: 0, token: metricsToken });
    try {
      const url = `http://127.0.0.1:${listener.port}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${listener.port}/`, { headers: bearer })).status).toBe(404);
      const res = await fetch(url, { headers: bearer });
      expect(res.status).toBe(200);
      const overHttp = parseExposition(await res.text());
      const viaApi = await scrape();
      const org = (await firstOrganisation(s.t.ctx.db)).id;
      for (const status of ['accepted', 'bounced', 'complained', 'failed']) {
        expect(overHttp.value('presswire_deliveries', { channel: 'email', org, status })).toBe(viaApi.value('presswire_deliveries', { channel: 'email', org, status }));
      }
    } finally {
      await listener.close();
    }
  });
});
