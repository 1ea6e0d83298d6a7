/**
 * The contract describes what the API really answers: one scenario calls every operation,
 * and each answer must parse with the operation's response schema and come out unchanged
 * (a field the schema does not know would be dropped, and fail the comparison).
 */
import { generateKeyPairSync } from 'node:crypto';
import { firstOrganisation } from '../../src/organisations/organisations.service.js';
import { describe, expect, it } from 'vitest';
import { accounts } from '../../src/contract/accounts.js';
import { Problem } from '../../src/contract/common.js';
import { distributions } from '../../src/contract/distributions.js';
import { dkim } from '../../src/contract/dkim.js';
import { doctor } from '../../src/contract/doctor.js';
import { lists } from '../../src/contract/lists.js';
import type { Answer, Operation } from '../../src/contract/operation.js';
import { people } from '../../src/contract/people.js';
import { releases } from '../../src/contract/releases.js';
import { webhooks } from '../../src/contract/webhooks.js';
import { onePixelPng } from '../helpers/images.js';
import { appWithSink } from '../helpers/suite.js';
import { apiRequest } from '../helpers/test-app.js';
import { until } from '../helpers/wait.js';

const operations: Operation[] = [releases, lists, distributions, accounts, dkim, doctor, people, webhooks].flatMap((area) => Object.values(area));

interface Call {
  params?: Record<string, string>;
  query?: Record<string, string>;
  json?: unknown;
  csv?: string;
  headers?: Record<string, string>;
  /** Another caller than the data-directory admin. */
  token?: string;
}

describe('every API answer matches its operation in the contract', () => {
  // Nothing answers DNS on port 9: the doctor's checks fail fast, its answer still has the contract's shape.
  const suite = appWithSink({ database: 'sqlite', env: { DNS_SERVERS: '127.0.0.1:9' } });
  const answered = new Set<string>();

  async function send(op: Operation, call: Call) {
    const path = op.url.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(call.params![name]!));
    const { headers, payload } = apiRequest(call.token ?? suite.t.token, { json: call.json, body: call.csv, headers: call.headers });
    const res = await suite.t.app.inject({ method: op.method, url: `/api/v1${path}${call.query ? `?${new URLSearchParams(call.query)}` : ''}`, headers, payload });
    return { status: res.statusCode, body: res.body === '' ? null : (res.json() as unknown) };
  }

  async function call<O extends Operation>(op: O, status: keyof O['response'] & number, input: Call = {}): Promise<Answer<O>> {
    const res = await send(op, input);
    expect(res.status, `${op.operationId}: ${JSON.stringify(res.body)}`).toBe(status);
    expect(op.response[status]!.parse(res.body), op.operationId).toEqual(res.body);
    answered.add(op.operationId);
    return res.body as Answer<O>;
  }

  const future = new Date(Date.now() + 30 * 86_400_000).toISOString();
  let releaseId = '';
  let distributionId = '';

  it('releases', async () => {
    const created = await call(releases.create, 201, {
      json: {
        content: { headline: 'Harbor Legal Aid opens a second clinic', body: 'The clinic opens on Monday.', contacts: [{ name: 'Dana Whitfield', email: 'press@harbor.example.org' }] },
        embargo: { until: future, zone: 'America/Los_Angeles' },
      },
    });
    releaseId = created.id;
    const source = ['---', 'headline: Clinic hours extended', 'translations:', '  es:', '    headline: Horario ampliado', '    body: La clínica abre los sábados.', '---', 'The clinic now opens on Saturdays.'].join('\n');
    const imported = await call(releases.create, 201, { json: { source, filename: 'hours.md' } });
    const image = { data: onePixelPng.toString('base64'), alt: 'The clinic’s front door' };

    await call(releases.edit, 200, { params: { id: releaseId }, json: { content: { subheadline: 'Walk-ins welcome' } } });
    await call(releases.setImage, 200, { params: { id: releaseId }, json: image });
    await call(releases.setImage, 200, { params: { id: imported.id }, json: image });
    await call(releases.removeImage, 204, { params: { id: imported.id } });
    expect((await call(releases.read, 200, { params: { id: releaseId } })).image).not.toBeNull();
    expect((await call(releases.read, 200, { params: { id: imported.id } })).translations).toHaveLength(1);
    await call(releases.list, 200);
    await call(releases.preview, 200, { params: { id: releaseId }, query: { variant: 'embargoed' } });
    await call(releases.finalize, 200, { params: { id: releaseId } });
    const correction = await call(releases.correct, 201, { params: { id: releaseId }, json: { content: { subheadline: 'Walk-ins welcome on weekdays' }, note: 'Walk-ins are on weekdays only.' } });
    expect((await call(releases.preview, 200, { params: { id: correction.id } })).diff?.some((d) => d.change === 'added')).toBe(true);
  });

  it('lists and accounts', async () => {
    const csv = ['Name,Email,Outlet', 'Ana Ruiz,ana@desk.example.org,Daily', 'Ana Ruiz,ana@desk.example.org,Daily', 'No Address,,Weekly', 'Ben Ode,ben@desk.example.org,Weekly'].join('\n');
    const report = await call(lists.importContacts, 200, { params: { name: 'press' }, csv });
    expect(report.duplicates.length + report.rejected.length).toBeGreaterThan(0);
    await call(lists.update, 200, { params: { name: 'press' }, json: { earlyAccess: true } });
    await call(lists.list, 200);
    const { contacts } = await call(lists.contacts, 200, { query: { list: 'press', q: 'ana' } });
    expect(contacts.map((c) => c.email)).toEqual(['ana@desk.example.org']);
    expect((await call(lists.updateContact, 200, { params: { id: contacts[0]!.id }, json: { outlet: 'Daily Herald', language: 'Spanish', embargoOk: true } })).language).toBe('es');
    await suite.t.ctx.db.kysely.insertInto('suppressions').values({ org_id: (await firstOrganisation(suite.t.ctx.db)).id, email_key: 'gone@desk.example.org', reason: 'bounced', detail: '550 5.1.1 no such user', delivery_id: null, created_at: Date.now() }).execute();
    expect((await call(lists.suppressions, 200)).suppressions).toHaveLength(1);
    await call(lists.restore, 200, { json: { email: 'gone@desk.example.org', reason: 'the desk says the address works again' } });

    await call(accounts.add, 201, { json: { network: 'mastodon', name: 'harbor', settings: { instance: 'https://mastodon.example' } } });
    await call(accounts.list, 200);
    await call(accounts.verify, 200, { params: { ref: 'mastodon:harbor' } });
  });

  it('distributions', async () => {
    // One refusal on the first try, so that there is something to retry.
    suite.sink.script = { rcpt: (address, attempt) => (address === 'ben@desk.example.org' && attempt === 1 ? { code: 554, message: '5.7.1 Message refused by policy' } : undefined) };
    const request = { json: { releaseId, lists: ['press'] }, headers: { 'idempotency-key': 'contract-send' } };
    expect((await call(distributions.preflight, 200, { json: { releaseId, lists: ['press'], channels: ['mastodon:harbor'] } })).email.wouldSend).toBe(2);
    distributionId = (await call(distributions.create, 201, request)).id;
    await call(distributions.create, 200, request);
    const code = await until(
      async () => (await suite.t.ctx.db.kysely.selectFrom('deliveries').select('reference_code').where('distribution_id', '=', distributionId).executeTakeFirst())?.reference_code,
      (found) => Boolean(found),
    );
    await call(distributions.report, 200, { params: { id: distributionId } });
    const ben = () => suite.t.ctx.db.kysely.selectFrom('deliveries').select('status').where('distribution_id', '=', distributionId).where('address', '=', 'ben@desk.example.org').executeTakeFirst();
    await until(async () => (await ben())?.status, (status) => status === 'failed');
    expect((await call(distributions.retry, 200, { params: { id: distributionId } })).retried).toBe(1);
    expect((await call(distributions.list, 200)).distributions.map((d) => d.id)).toContain(distributionId);
    expect((await call(distributions.deliveries, 200, { params: { id: distributionId }, query: { limit: '1' } })).next).not.toBeNull();
    await call(distributions.trace, 200, { params: { code: code! } });
    await call(releases.changeEmbargo, 200, { params: { id: releaseId }, json: { until: new Date(Date.now() + 40 * 86_400_000).toISOString() } });
    await call(distributions.emailState, 200);
    await call(distributions.resumeEmail, 200);
  });

  it('failures are problems', async () => {
    const failures = [
      await send(releases.read, { params: { id: 'rel_nope' } }),
      await send(releases.read, { params: { id: `rel_${'0'.repeat(25)}` } }),
      await send(lists.list, { token: 'pw_not_a_token' }),
    ];
    expect(failures.map((f) => f.status)).toEqual([400, 404, 401]);
    for (const { body } of failures) expect(Problem.parse(body)).toEqual(body);
  });

  it('webhooks', async () => {
    const endpoint = await call(webhooks.create, 201, { json: { url: 'https://hooks.example.org/presswire', events: ['delivery.bounced'] } });
    const params = { id: endpoint.id };
    await call(webhooks.list, 200);
    await call(webhooks.get, 200, { params });
    // Disabled, the endpoint's test message fails at once (no retries), so it can be redelivered.
    await call(webhooks.update, 200, { params, json: { events: ['delivery.bounced', 'distribution.completed'], enabled: false } });
    await call(webhooks.rotateSecret, 200, { params });
    const { messageId } = await call(webhooks.test, 202, { params });
    const status = () => suite.t.ctx.db.kysely.selectFrom('webhook_messages').select('status').where('id', '=', messageId).executeTakeFirstOrThrow();
    await until(status, (m) => m.status === 'failed');
    await call(webhooks.messages, 200, { params, query: { limit: '10' } });
    await call(webhooks.redeliver, 202, { params: { ...params, messageId } });
    await call(webhooks.remove, 204, { params });
  });

  it('DKIM keys', async () => {
    const generated = await call(dkim.generate, 201, { json: { selector: 'news2026' } });
    expect(generated.dnsRecord.name).toBe('news2026._domainkey.press.example.org');
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await call(dkim.import, 201, { json: { selector: 'ed2026', privateKey: pem } });
    await call(dkim.list, 200);
    await call(dkim.current, 200);
    await call(dkim.show, 200, { params: { selector: 'news2026' } });
    await call(dkim.remove, 200, { params: { selector: 'ed2026' } });
    expect((await call(doctor.run, 200)).ok).toBe(false);
  });

  it('two-person approval, tokens, organisations and the audit log', async () => {
    await call(people.setOrgSetting, 200, { params: { key: 'approval' }, json: { value: 'required' } });
    const sender = await call(people.createToken, 201, { json: { name: 'newsroom cron', role: 'sender' } });
    const scheduled = await call(distributions.create, 201, { token: sender.token, json: { releaseId, lists: ['press'], at: future } });
    expect(scheduled.status).toBe('awaiting_approval');
    await call(distributions.list, 200, { query: { status: 'scheduled' } });
    await call(distributions.approve, 200, { params: { id: scheduled.id } });
    await call(distributions.reschedule, 200, { params: { id: scheduled.id }, json: { at: new Date(Date.now() + 31 * 86_400_000).toISOString() } });
    await call(distributions.cancel, 200, { params: { id: scheduled.id } });
    const asked = await call(distributions.create, 201, { token: sender.token, json: { releaseId, lists: ['press'], at: future } });
    expect((await call(distributions.decline, 200, { params: { id: asked.id }, json: { note: 'Wait for the board' } })).status).toBe('cancelled');

    await call(people.listTokens, 200);
    await call(people.revokeToken, 200, { params: { id: sender.id } });
    await call(people.currentOrg, 200);
    await call(people.addOrg, 201, { json: { name: 'Tidewater Literacy Project' } });
    await call(people.listOrgs, 200);
    expect((await call(people.audit, 200, { query: { limit: '2' } })).next).not.toBeNull();
    const member = await call(people.addUser, 201, { json: { email: 'dana@harbor.example.org', role: 'editor' } });
    expect(member.signInUrl).toMatch(/^https?:\/\//);
    await call(people.listUsers, 200);
    await call(people.setUserRole, 200, { params: { email: member.email }, json: { role: 'sender' } });
    await call(people.removeUser, 200, { params: { email: member.email } });
    await call(people.session, 200);
    // Last: the data-directory token that made every call above is retired by it.
    await call(people.rotateAdminToken, 200);
  });

  it('called every operation', () => {
    expect([...answered].sort()).toEqual(operations.map((o) => o.operationId).sort());
  });
});
