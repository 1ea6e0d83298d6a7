import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { RelaxedHash } from 'mailauth/lib/dkim/body/relaxed.js';
import { isRelaxedCanonical, signMessage, type DkimAlgorithm } from '../../../src/channels/email/dkim-signer.js';
import { compileMessage, personalizeMessage } from '../../../src/channels/email/mime.js';
import type { EmailPart } from '../../../src/rendering/slots.js';

const parts: EmailPart[] = [
  { contentType: 'text/plain', segments: ['Hello ', { slot: 'recipient' }, ',\n\tTabbed  and  doubled   spaces stay signed.  \n'] },
  { contentType: 'text/html', segments: ['<p>Hello ', { slot: 'recipient' }, '</p>'] },
];

function message(headers: Record<string, string>): Buffer {
  const compiled = compileMessage({ from: { name: 'Harbor Newsroom', address: 'newsroom@press.example.org' }, subject: 'Informe: solicitantes de asilo esperan', parts });
  return personalizeMessage(
    compiled,
    { to: { name: 'Jim Baker', address: 'jim@desertsun.example.com' }, messageId: '<dlv_x.1@press.example.org>', date: new Date('2026-03-10T07:01:00Z'), headers },
    { recipient: 'Jim Baker', reference: '', unsubscribeUrl: 'https://press.example.org/u/t', readOnlineUrl: 'https://press.example.org/r/1', openPixelUrl: '' },
  );
}

/** A key pair and the resolver a verifier asks for its DNS record. */
function keyPair(algorithm: DkimAlgorithm) {
  const { privateKey, publicKey } = algorithm === 'rsa-sha256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ed25519');
  const spki = (publicKey as KeyObject).export({ type: 'spki', format: 'der' });
  // An Ed25519 record holds the bare 32-byte key (RFC 8463 §4.2), the end of its SPKI.
  const p = algorithm === 'rsa-sha256' ? spki.toString('base64') : spki.subarray(-32).toString('base64');
  const record = `v=DKIM1; k=${algorithm === 'rsa-sha256' ? 'rsa' : 'ed25519'}; p=${p}`;
  const names: string[] = [];
  const resolver = async (name: string, type: string) => {
    names.push(`${type} ${name}`);
    if (type === 'TXT' && name === 'news._domainkey.press.example.org') return [[record]];
    throw Object.assign(new Error(`no ${type} record for ${name}`), { code: 'ENOTFOUND' });
  };
  return { key: { domain: 'press.example.org', selector: 'news', algorithm, privateKey }, resolver, names };
}

const signatureOf = (signed: Buffer) => {
  const text = signed.toString('latin1');
  return text.slice(0, text.indexOf('\r\n', text.search(/\r\n[^ \t]/) + 1)).replace(/\r\n[ \t]+/g, ' ');
};
const tags = (header: string) => Object.fromEntries(header.replace(/^DKIM-Signature:\s*/, '').split(/;\s*/).map((t) => [t.slice(0, t.indexOf('=')), t.slice(t.indexOf('=') + 1)]));

describe('the DKIM signer', () => {
  for (const algorithm of ['rsa-sha256', 'ed25519-sha256'] as const) {
    it(`signs a release (${algorithm}) so that mailauth's verifier passes it, aligned with From`, async () => {
      const { key, resolver } = keyPair(algorithm);
      const raw = message({ 'List-Unsubscribe': '<https://press.example.org/u/t>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
      const signed = signMessage(raw, key);
      expect(signed.subarray(signed.length - raw.length).equals(raw)).toBe(true);
      const result = await dkimVerify(signed, { resolver });
      expect(result.results).toHaveLength(1);
      expect(result.results[0]!.status.result).toBe('pass');
      expect(result.results[0]!.status.aligned).toBe('press.example.org');
      expect(result.results[0]!.info).toContain(`header.a=${algorithm}`);
    });
  }

  it('lists in h= exactly the chosen fields the message has, List-Unsubscribe-Post included', () => {
    const { key } = keyPair('ed25519-sha256');
    const signed = signMessage(message({ 'In-Reply-To': '<a@press.example.org>', References: '<a@press.example.org>', 'List-Unsubscribe': '<https://press.example.org/u/t>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'X-Mailer-Note': 'unsigned' }), key);
    const sig = tags(signatureOf(signed));
    const fields = sig.h!.split(/\s*:\s*/).map((f: string) => f.toLowerCase()).sort();
    expect(fields).toEqual(['content-type', 'date', 'from', 'in-reply-to', 'list-unsubscribe', 'list-unsubscribe-post', 'message-id', 'mime-version', 'references', 'subject', 'to'].sort());
    expect(sig).toMatchObject({ v: '1', a: 'ed25519-sha256', c: 'relaxed/relaxed', d: 'press.example.org', s: 'news' });
  });

  it('signs a message without the optional headers, naming none of them', async () => {
    const { key, resolver } = keyPair('rsa-sha256');
    const signed = signMessage(message({ 'Auto-Submitted': 'auto-generated' }), key);
    const h = tags(signatureOf(signed)).h!.toLowerCase();
    for (const absent of ['list-unsubscribe', 'list-unsubscribe-post', 'list-id', 'feedback-id', 'reply-to', 'in-reply-to', 'references', 'auto-submitted']) expect(h).not.toContain(absent);
    expect((await dkimVerify(signed, { resolver })).results[0]!.status.result).toBe('pass');
  });

  it('fails verification when the body or a signed header is changed after signing', async () => {
    const { key, resolver } = keyPair('rsa-sha256');
    const signed = signMessage(message({ 'List-Unsubscribe': '<https://press.example.org/u/t>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }), key).toString('latin1');
    const tampered = signed.replace('Tabbed', 'Tapped');
    expect(tampered).not.toBe(signed);
    const body = await dkimVerify(Buffer.from(tampered, 'latin1'), { resolver });
    // mailauth answers a body hash that does not match "neutral" with this comment, never "pass".
    expect(body.results[0]!.status).toMatchObject({ result: 'neutral', comment: 'body hash did not verify' });
    const header = await dkimVerify(Buffer.from(signed.replace('List-Unsubscribe-Post: List-Unsubscribe=One-Click', 'List-Unsubscribe-Post: List-Unsubscribe=Two-Clicks'), 'latin1'), { resolver });
    expect(header.results[0]!.status.result).toBe('fail');
  });

  it('refuses bytes that are not a message', () => {
    const { key } = keyPair('ed25519-sha256');
    expect(() => signMessage(Buffer.from('From: a@press.example.org\r\nno body'), key)).toThrow(/blank line/);
  });

  it('hashes a body that is canonical already as it is, and gives mailauth every other', async () => {
    const relaxed = (body: string) => {
      const hash = new RelaxedHash('sha256');
      hash.update(Buffer.from(body, 'latin1'));
      return hash.digest('base64');
    };
    const canonical = ['Hello Jim,\r\nA plain line.\r\n', '=3D quoted-printable=\r\nsoft break\r\n'];
    for (const body of canonical) {
      expect(isRelaxedCanonical(Buffer.from(body, 'latin1')), JSON.stringify(body)).toBe(true);
      expect(createHash('sha256').update(body, 'latin1').digest('base64')).toBe(relaxed(body));
    }
    const other = ['tab\there\r\n', 'two  spaces\r\n', 'trailing \r\n', 'bare\nline feed\r\n', 'bare\rreturn\r\n', 'no line break at the end', 'blank lines at the end\r\n\r\n', '\r\n', ''];
    for (const body of other) expect(isRelaxedCanonical(Buffer.from(body, 'latin1')), JSON.stringify(body)).toBe(false);

    // A release as Presswire builds it takes the direct path, and still verifies.
    const plain: EmailPart[] = [
      { contentType: 'text/plain', segments: ['Hello ', { slot: 'recipient' }, ',\nOne space between words.\n'] },
      { contentType: 'text/html', segments: ['<p>Hello ', { slot: 'recipient' }, '</p>'] },
    ];
    const compiled = compileMessage({ from: { address: 'newsroom@press.example.org' }, subject: 'Report', parts: plain });
    const raw = personalizeMessage(compiled, { to: { address: 'jim@desertsun.example.com' }, messageId: '<dlv_y.1@press.example.org>', date: new Date(0), headers: {} }, { recipient: 'Jim Baker', reference: '', unsubscribeUrl: 'https://press.example.org/u/t', readOnlineUrl: 'https://press.example.org/r/1', openPixelUrl: '' });
    expect(isRelaxedCanonical(raw.subarray(raw.indexOf('\r\n\r\n') + 4))).toBe(true);
    const { key, resolver } = keyPair('rsa-sha256');
    const verified = await dkimVerify(signMessage(raw, key), { resolver });
    expect(verified.results[0]!.status.result).toBe('pass');
  });
});
