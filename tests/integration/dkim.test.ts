/**
 * DKIM end to end: a key generated with the real CLI against a listening server, a release
 * sent through the SMTP sink, and every copy verified by mailauth's verifier against the DNS
 * record the CLI printed — aligned with the From domain; a copy changed in transit fails.
 * An imported Ed25519 key takes over; the private key never comes back out.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_TTL_MS } from '../../src/dkim/signing-keys.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { runCli } from '../helpers/processes.js';
import { fastTimings, journalists, seedList, send } from '../helpers/scenario.js';
import { appWithSink } from '../helpers/suite.js';
import { testToken, waitForDistribution } from '../helpers/test-app.js';
import { sealedKeyBinding } from '../../src/dkim/dkim.service.js';

interface KeyJson {
  selector: string;
  domain: string;
  algorithm: string;
  active: boolean;
  dnsRecord: { name: string; type: string; value: string };
}

/** A DNS resolver as mailauth calls it, answering the TXT records published so far. */
function dns(records: Map<string, string>) {
  return async (name: string, type: string) => {
    const value = type === 'TXT' ? records.get(name) : undefined;
    if (value === undefined) throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    return [[value]];
  };
}

const signatureTags = (raw: Buffer) => {
  const text = raw.toString('latin1');
  const header = /^DKIM-Signature:((?:.*)(?:\r\n[ \t].*)*)/m.exec(text)?.[1]?.replace(/\r\n[ \t]+/g, ' ') ?? '';
  return Object.fromEntries(header.split(';').map((t) => t.trim()).filter(Boolean).map((t) => [t.slice(0, t.indexOf('=')), t.slice(t.indexOf('=') + 1)]));
};

describe.each(testDatabaseKinds())('DKIM (%s)', (database) => {
  const s = appWithSink({ database, env: fastTimings, release: true });
  const published = new Map<string, string>();
  const resolver = dns(published);
  let env: Record<string, string>;
  let keyDir: string;
  const cli = (...args: string[]) => runCli(args, env);

  beforeAll(async () => {
    env = { PRESSWIRE_URL: await s.t.app.listen({ host: '127.0.0.1', port: 0 }), PRESSWIRE_TOKEN: testToken };
    keyDir = mkdtempSync(join(tmpdir(), 'presswire-dkim-'));
  });
  afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

  async function sendRelease(list: string, count: number): Promise<Buffer[]> {
    const addresses = journalists(count, `${list}.example.org`);
    await seedList(s.t, list, addresses);
    const report = await waitForDistribution<{ done: boolean; counts: Record<string, number> }>(s.t, await send(s.t, s.releaseId, [list]));
    expect(report.counts.accepted).toBe(count);
    return s.sink.received.filter((r) => addresses.includes(r.rcptTo[0]!)).map((r) => r.raw);
  }

  it('generates a key with the CLI, prints its TXT record, and signs every copy of a release so that mailauth passes it', async () => {
    const generated = await cli('dkim', 'generate', '--selector', 'news2026', '--json');
    expect(generated.code, generated.stderr).toBe(0);
    const key = JSON.parse(generated.stdout) as KeyJson;
    expect(key).toMatchObject({ selector: 'news2026', domain: 'press.example.org', algorithm: 'rsa-sha256', active: true });
    expect(key.dnsRecord).toMatchObject({ name: 'news2026._domainkey.press.example.org', type: 'TXT' });
    expect(key.dnsRecord.value).toMatch(/^v=DKIM1; k=rsa; p=[A-Za-z0-9+/]{300,}={0,2}$/);
    expect(generated.stdout).not.toMatch(/PRIVATE/);
    published.set(key.dnsRecord.name, key.dnsRecord.value);

    const shown = await cli('dkim', 'show');
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`news2026._domainkey.press.example.org. IN TXT "${key.dnsRecord.value}"`);

    const copies = await sendRelease('signed', 3);
    expect(copies).toHaveLength(3);
    for (const raw of copies) {
      const result = await dkimVerify(raw, { resolver });
      expect(result.results).toHaveLength(1);
      expect(result.results[0]!.status).toMatchObject({ result: 'pass', aligned: 'press.example.org' });
      expect(result.results[0]!.signingDomain).toBe('press.example.org');
      const tags = signatureTags(raw);
      expect(tags).toMatchObject({ a: 'rsa-sha256', c: 'relaxed/relaxed', d: 'press.example.org', s: 'news2026' });
      const signed = tags.h!.split(':').map((f: string) => f.trim().toLowerCase());
      expect(signed).toEqual(expect.arrayContaining(['from', 'to', 'subject', 'date', 'message-id', 'list-unsubscribe', 'list-unsubscribe-post', 'mime-version', 'content-type']));
    }
  });

  it('fails the signature of a copy whose body or unsubscribe header was changed in transit', async () => {
    const [raw] = await sendRelease('tampered', 1);
    const text = raw!.toString('latin1');
    const body = text.replace(/97 days/, '79 days');
    expect(body).not.toBe(text);
    expect((await dkimVerify(Buffer.from(body, 'latin1'), { resolver })).results[0]!.status).toMatchObject({ result: 'neutral', comment: 'body hash did not verify' });
    const header = text.replace('List-Unsubscribe=One-Click', 'List-Unsubscribe=Never');
    expect((await dkimVerify(Buffer.from(header, 'latin1'), { resolver })).results[0]!.status.result).toBe('fail');
  });

  it('keeps the private key sealed: not in the database in clear, not in answers, not in the audit log', async () => {
    const rows = await s.t.ctx.db.kysely.selectFrom('dkim_keys').selectAll().execute();
    expect(rows).toHaveLength(1);
    // Sealed: neither the PEM nor its base64 body (random ciphertext may hold any short run, like "MII").
    expect(rows[0]!.private_key).not.toMatch(/-----BEGIN|PRIVATE KEY/);
    expect(String(s.t.ctx.secretBox.open(rows[0]!.private_key, sealedKeyBinding(rows[0]!)))).toContain('PRIVATE KEY');
    const listed = await s.t.api<{ keys: Record<string, unknown>[] }>('GET', '/api/v1/dkim/keys');
    expect(Object.keys(listed.body.keys[0]!).sort()).toEqual(['active', 'algorithm', 'createdAt', 'dnsRecord', 'domain', 'selector']);
    const audit = await s.t.api<{ entries: { action: string; detail: Record<string, unknown> | null }[] }>('GET', '/api/v1/audit?limit=5000');
    const entry = audit.body.entries.find((e) => e.action === 'dkim.generate');
    expect(entry?.detail).toEqual({ selector: 'news2026', domain: 'press.example.org', algorithm: 'rsa-sha256' });
  });

  it('refuses a bad selector or a key that cannot sign, naming the field', async () => {
    const bad = await s.t.api<{ code: string; issues: { field: string }[] }>('POST', '/api/v1/dkim/keys', { json: { selector: 'news 2026' } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0]!.field).toBe('body.selector');
    const notKey = await s.t.api<{ issues: { field: string; message: string }[] }>('POST', '/api/v1/dkim/keys/import', { json: { selector: 'x1', privateKey: 'not a key' } });
    expect(notKey.status).toBe(400);
    expect(notKey.body.issues[0]).toMatchObject({ field: 'privateKey' });
    const twice = await s.t.api('POST', '/api/v1/dkim/keys', { json: { selector: 'news2026' } });
    expect(twice.status).toBe(409);
  });

  it('signs with an imported Ed25519 key from then on, and with the older key again once it is removed', async () => {
    const file = join(keyDir, 'ed25519.pem');
    writeFileSync(file, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const imported = await cli('dkim', 'import', '--selector', 'ed2026', '--key', file, '--json');
    expect(imported.code, imported.stderr).toBe(0);
    const key = JSON.parse(imported.stdout) as KeyJson;
    expect(key).toMatchObject({ selector: 'ed2026', algorithm: 'ed25519-sha256', active: true });
    expect(key.dnsRecord.value).toMatch(/^v=DKIM1; k=ed25519; p=[A-Za-z0-9+/]{43}=$/);
    published.set(key.dnsRecord.name, key.dnsRecord.value);
    // Workers keep an organisation's key for a few seconds.
    await new Promise((resolve) => setTimeout(resolve, KEY_TTL_MS + 200));

    const [raw] = await sendRelease('ed', 1);
    expect(signatureTags(raw!)).toMatchObject({ a: 'ed25519-sha256', s: 'ed2026' });
    expect((await dkimVerify(raw!, { resolver })).results[0]!.status.result).toBe('pass');

    const removed = await cli('dkim', 'remove', '--json');
    expect(removed.code, removed.stderr).toBe(0);
    expect(JSON.parse(removed.stdout)).toMatchObject({ removed: { selector: 'ed2026' }, active: { selector: 'news2026', active: true } });
    const listed = await cli('dkim', 'list', '--json');
    expect((JSON.parse(listed.stdout) as KeyJson[]).map((k) => k.selector)).toEqual(['news2026']);
  });
});
