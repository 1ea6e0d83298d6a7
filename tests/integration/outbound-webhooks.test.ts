/**
 * Outbound webhooks end to end: a send to a list raises delivery.accepted and
 * distribution.completed at a real HTTP receiver, every request verifies with the
 * standardwebhooks library and the endpoint's secret, a receiver that fails is retried with
 * backoff, and the secret stays out of answers, the audit log and Redis.
 */
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/auth/actor.js';
import { reconcile } from '../../src/distribution/reconciler.js';
import { createEndpoint } from '../../src/webhooks/endpoints.js';
import { webhookDeliverer, WebhookAttemptFailed } from '../../src/webhooks/deliver.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { journalists, seedList, send, until } from '../helpers/scenario.js';
import { appWithSink } from '../helpers/suite.js';
import { waitForDistribution } from '../helpers/test-app.js';
import { WebhookReceiver, type ReceivedRequest } from '../helpers/webhook-receiver.js';

interface Created {
  id: string;
  url: string;
  events: string[];
  enabled: boolean;
  secret: string;
}
interface LogLine {
  id: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
}

const devReceivers = { WEBHOOKS_ALLOW_HTTP: 'true', WEBHOOKS_ALLOW_PRIVATE_HOSTS: 'true', WEBHOOK_RETRY_BASE_MS: '150' };

describe.each(testDatabaseKinds())('outbound webhooks (%s)', (database) => {
  const s = appWithSink({ database, workers: true, release: true, env: devReceivers });
  let receiver: WebhookReceiver;
  let endpoint: Created;
  let created: string[] = [];

  const addEndpoint = async (body: Record<string, unknown>) => {
    const res = await s.t.api<Created>('POST', '/api/v1/webhooks', { json: body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    created.push(res.body.id);
    return res.body;
  };
  const log = async (id: string) => (await s.t.api<{ messages: LogLine[] }>('GET', `/api/v1/webhooks/${id}/messages`)).body.messages;
  const verified = (r: ReceivedRequest, secret = endpoint.secret) => new Webhook(secret).verify(r.body, WebhookReceiver.signatureHeaders(r)) as { type: string; timestamp: string; data: Record<string, unknown> };
  const adminActor = async (): Promise<Actor> => {
    const org = await s.t.ctx.db.kysely.selectFrom('organisations').select('id').orderBy('created_at').executeTakeFirstOrThrow();
    return { orgId: org.id, role: 'admin', via: 'token', person: { type: 'token', id: 'tok_test', label: 'test' }, tokenId: null, installAdmin: false, approvedSends: false, ip: null };
  };

  beforeEach(async () => {
    receiver = new WebhookReceiver();
    await receiver.start();
  });
  afterEach(async () => {
    // Each test's endpoint goes, so the next test's events reach only its own receiver.
    for (const id of created) expect((await s.t.api('DELETE', `/api/v1/webhooks/${id}`)).status).toBe(204);
    created = [];
    await receiver.close();
  });

  it('a send to a list reaches the receiver as signed delivery.accepted events and one distribution.completed', async () => {
    endpoint = await addEndpoint({ url: receiver.url });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(endpoint.events).toHaveLength(8);
    const addresses = journalists(3, 'hooks.example.org');
    await seedList(s.t, 'hooks-desk', addresses);
    const distributionId = await send(s.t, s.releaseId, ['hooks-desk']);
    await waitForDistribution(s.t, distributionId);

    await until(async () => receiver.requests.length, (n) => n >= 4, 20_000);
    const events = receiver.requests.map((r) => ({ request: r, event: verified(r) }));
    const accepted = events.filter((e) => e.event.type === 'delivery.accepted');
    expect(accepted.map((e) => e.event.data.recipient).sort()).toEqual(addresses);
    expect(new Set(accepted.map((e) => e.event.data.distributionId))).toEqual(new Set([distributionId]));
    const completed = events.filter((e) => e.event.type === 'distribution.completed');
    expect(completed).toHaveLength(1);
    expect(completed[0]!.event.data).toMatchObject({ distributionId, releaseId: s.releaseId, status: 'completed', counts: { accepted: 3 } });
    // The webhook-id is the logged message id; the log shows each delivered at the first attempt.
    const lines = await log(endpoint.id);
    expect(lines.map((l) => l.id).sort()).toEqual(receiver.requests.map((r) => String(r.headers['webhook-id'])).sort());
    expect(lines.every((l) => l.status === 'delivered' && l.attempts === 1 && l.lastStatusCode === 200)).toBe(true);
  });

  it('only the events an endpoint subscribes to are sent to it', async () => {
    endpoint = await addEndpoint({ url: receiver.url, events: ['distribution.completed'] });
    await seedList(s.t, 'hooks-few', journalists(2, 'few.example.org'));
    await waitForDistribution(s.t, await send(s.t, s.releaseId, ['hooks-few']));
    await until(async () => receiver.requests.length, (n) => n >= 1, 20_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.requests.map((r) => verified(r).type)).toEqual(['distribution.completed']);
  });

  it('a receiver answering 500 twice, then 200, is retried with backoff, and the log shows three attempts', async () => {
    receiver.answer = (n) => (n < 2 ? 500 : 200);
    endpoint = await addEndpoint({ url: receiver.url, events: ['social.posted'] });
    const queued = await s.t.api<{ messageId: string }>('POST', `/api/v1/webhooks/${endpoint.id}/test`);
    expect(queued.status).toBe(202);

    const [line] = await until(() => log(endpoint.id), (l) => l[0]?.status === 'delivered', 20_000);
    expect(line).toMatchObject({ id: queued.body.messageId, eventType: 'webhook.test', attempts: 3, lastStatusCode: 200, lastError: null });
    expect(receiver.requests).toHaveLength(3);
    expect(new Set(receiver.requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([queued.body.messageId]));
    for (const r of receiver.requests) expect(verified(r).type).toBe('webhook.test');
    // Doubling from WEBHOOK_RETRY_BASE_MS (150 ms): the second wait is longer than the first.
    const [a, b, c] = receiver.requests.map((r) => r.at);
    expect(b! - a!).toBeGreaterThanOrEqual(140);
    expect(c! - b!).toBeGreaterThanOrEqual(290);
  });

  it('a tampered body, or another endpoint’s secret, fails verification', async () => {
    endpoint = await addEndpoint({ url: receiver.url });
    await s.t.api('POST', `/api/v1/webhooks/${endpoint.id}/test`);
    await until(async () => receiver.requests.length, (n) => n >= 1, 20_000);
    const original = receiver.requests[0]!;
    expect(verified(original).type).toBe('webhook.test');
    const tampered = { ...original, body: original.body.replace('webhook.test', 'delivery.clicked') };
    expect(() => verified(tampered)).toThrow(WebhookVerificationError);
    expect(() => verified(original, `whsec_${Buffer.alloc(32, 7).toString('base64')}`)).toThrow(WebhookVerificationError);
  });

  it('a rotated secret signs what is sent after it; the old one no longer verifies', async () => {
    endpoint = await addEndpoint({ url: receiver.url });
    const rotated = await s.t.api<Created>('POST', `/api/v1/webhooks/${endpoint.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    await s.t.api('POST', `/api/v1/webhooks/${endpoint.id}/test`);
    await until(async () => receiver.requests.length, (n) => n >= 1, 20_000);
    expect(verified(receiver.requests[0]!, rotated.body.secret).type).toBe('webhook.test');
    expect(() => verified(receiver.requests[0]!)).toThrow(WebhookVerificationError);
  });

  it('a disabled endpoint’s message fails without a retry, and a redelivery sends it once it is on again', async () => {
    endpoint = await addEndpoint({ url: receiver.url });
    expect((await s.t.api('PATCH', `/api/v1/webhooks/${endpoint.id}`, { json: { enabled: false } })).status).toBe(200);
    // The test event is addressed to the endpoint whatever its state: the worker finds it disabled.
    const { body } = await s.t.api<{ messageId: string }>('POST', `/api/v1/webhooks/${endpoint.id}/test`);
    const [failed] = await until(() => log(endpoint.id), (l) => l[0]?.status === 'failed', 20_000);
    expect(failed).toMatchObject({ attempts: 0, lastError: expect.stringMatching(/disabled/) });
    expect(receiver.requests).toHaveLength(0);

    await s.t.api('PATCH', `/api/v1/webhooks/${endpoint.id}`, { json: { enabled: true } });
    const redeliver = () => s.t.api<{ code: string }>('POST', `/api/v1/webhooks/${endpoint.id}/messages/${body.messageId}/redeliver`);
    expect((await redeliver()).status).toBe(202);
    await until(() => log(endpoint.id), (l) => l[0]?.status === 'delivered', 20_000);
    expect(receiver.requests.map((r) => r.headers['webhook-id'])).toEqual([body.messageId]);
    // Only a failed message is sent again.
    expect(await redeliver()).toMatchObject({ status: 409, body: { code: 'INVALID_STATE' } });
  });

  it('refuses private and loopback endpoints when the development setting is off, at creation and at delivery', async () => {
    const actor = await adminActor();
    const strict = { allowHttp: true, allowPrivateHosts: false, resolve: async () => [{ address: '10.1.2.3', family: 4 }] };
    const deps = { ...s.t.ctx, webhooks: { outbound: strict } };
    for (const url of ['http://127.0.0.1:8080/hooks', 'https://[::1]/hooks', 'https://169.254.169.254/latest', 'https://hooks.example.net/in']) {
      await expect(createEndpoint(deps, actor, { url })).rejects.toMatchObject({ code: 'VALIDATION', issues: [{ field: 'url', message: expect.stringMatching(/not a public address|non-public/) }] });
    }
    await expect(createEndpoint({ ...deps, webhooks: { outbound: { allowHttp: false, allowPrivateHosts: true } } }, actor, { url: receiver.url })).rejects.toMatchObject({ issues: [{ field: 'url', message: expect.stringMatching(/plain HTTP/) }] });
    const answer = await s.t.api<{ code: string; issues: { field: string }[] }>('POST', '/api/v1/webhooks', { json: { url: 'ftp://hooks.example.net/' } });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'VALIDATION', issues: [{ field: 'url' }] });

    // Created while allowed, delivered under the strict policy: the connection is refused and recorded.
    endpoint = await addEndpoint({ url: receiver.url, events: ['social.posted'] });
    await s.t.workers!.close(1000);
    try {
      const { body } = await s.t.api<{ messageId: string }>('POST', `/api/v1/webhooks/${endpoint.id}/test`);
      const deliver = webhookDeliverer({ ...s.t.ctx, webhooks: { timeoutMs: 2000, outbound: { allowHttp: true, allowPrivateHosts: false } } });
      await expect(deliver(body.messageId, { final: false })).rejects.toThrow(WebhookAttemptFailed);
      const [line] = await log(endpoint.id);
      expect(line).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null, lastError: expect.stringMatching(/not a public address \(loopback\)/) });
      expect(receiver.requests).toHaveLength(0);
    } finally {
      await s.t.startWorkers();
    }
  });

  it('never shows the secret in lists, the audit log or job data in Redis', async () => {
    receiver.answer = () => 503;
    endpoint = await addEndpoint({ url: receiver.url, events: ['delivery.accepted'] });
    const { body } = await s.t.api<{ messageId: string }>('POST', `/api/v1/webhooks/${endpoint.id}/test`);
    await until(async () => receiver.requests.length, (n) => n >= 1, 20_000);

    const listed = await s.t.api<{ webhooks: Record<string, unknown>[] }>('GET', '/api/v1/webhooks');
    expect(listed.body.webhooks.find((w) => w.id === endpoint.id)).toMatchObject({ id: endpoint.id, url: receiver.url, enabled: true });
    const one = await s.t.api('GET', `/api/v1/webhooks/${endpoint.id}`);
    const secretPart = endpoint.secret.slice('whsec_'.length);
    for (const answer of [listed.body, one.body, (await log(endpoint.id)) as unknown]) expect(JSON.stringify(answer)).not.toContain(secretPart);
    const audit = await s.t.ctx.db.kysely.selectFrom('audit_log').selectAll().where('object_id', '=', endpoint.id).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['webhook.create', 'webhook.test']));
    expect(JSON.stringify(audit)).not.toContain(secretPart);
    const stored = await s.t.ctx.db.kysely.selectFrom('webhook_endpoints').select('secret').where('id', '=', endpoint.id).executeTakeFirstOrThrow();
    expect(stored.secret).not.toContain(secretPart);

    // The job waits for its next retry: its data is the message id alone.
    const job = await s.t.ctx.queues.get('webhooks').getJob(`webhook-${body.messageId}`);
    expect(job?.data).toEqual({ messageId: body.messageId });
    const prefix = s.t.ctx.config.redis.prefix;
    const keys = await s.t.ctx.redis.keys(`${prefix}:webhooks:*`);
    for (const key of keys) {
      const type = await s.t.ctx.redis.type(key);
      const dump = type === 'hash' ? JSON.stringify(await s.t.ctx.redis.hgetall(key)) : type === 'string' ? String(await s.t.ctx.redis.get(key)) : '';
      expect(dump).not.toContain(secretPart);
    }
  });

  it('a pending message whose job Redis lost is queued again by the reconciler and delivered', async () => {
    endpoint = await addEndpoint({ url: receiver.url, events: ['social.posted'] });
    await s.t.workers!.close(1000);
    try {
      const { body } = await s.t.api<{ messageId: string }>('POST', `/api/v1/webhooks/${endpoint.id}/test`);
      await s.t.ctx.queues.remove('webhook', { messageId: body.messageId });
      expect(await s.t.ctx.queues.get('webhooks').getJob(`webhook-${body.messageId}`)).toBeUndefined();
      await reconcile({ ...s.t.ctx, settleMs: 0 });
      expect((await s.t.ctx.queues.get('webhooks').getJob(`webhook-${body.messageId}`))?.data).toEqual({ messageId: body.messageId });
    } finally {
      await s.t.startWorkers();
    }
    await until(() => log(endpoint.id), (l) => l[0]?.status === 'delivered', 20_000);
    expect(receiver.requests).toHaveLength(1);
  });
});
