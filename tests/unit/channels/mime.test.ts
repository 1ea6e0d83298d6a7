import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { compileMessage, personalizeMessage } from '../../../src/channels/email/mime.js';
import type { EmailPart } from '../../../src/rendering/slots.js';

const longLine = 'Análisis de Harbor Legal Aid — '.repeat(12);
const parts: EmailPart[] = [
  { contentType: 'text/plain', segments: [`Hello `, { slot: 'recipient' }, `,\n${longLine}\nUnsubscribe: `, { slot: 'unsubscribeUrl' }, '\n'] },
  { contentType: 'text/html', segments: ['<p>Hello ', { slot: 'recipient' }, `</p><p>${longLine}</p><a href="`, { slot: 'unsubscribeUrl' }, '">x</a>'] },
];

function build(name: string, url: string) {
  const compiled = compileMessage({ from: { name: 'Harbor Newsroom', address: 'newsroom@press.example.org' }, subject: 'Informe: solicitantes de asilo esperan meses sin abogado', parts });
  return personalizeMessage(
    compiled,
    { to: { name, address: 'jim@desertsun.example.com' }, messageId: '<dlv_x.1@press.example.org>', date: new Date('2026-03-10T07:01:00Z'), headers: { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } },
    { recipient: `${name} (jim@desertsun.example.com)`, reference: '', unsubscribeUrl: url, readOnlineUrl: 'https://x.example.org/r/1', openPixelUrl: '' },
  );
}

describe('compiled MIME messages', () => {
  it('personalize into a standard multipart message that parses back exactly', async () => {
    const url = 'https://press.example.org/u/dlv_x.abc?x=1&y=2';
    const raw = build('Jim "JB" <Baker> & Co', url);
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe('Informe: solicitantes de asilo esperan meses sin abogado');
    expect(mail.messageId).toBe('<dlv_x.1@press.example.org>');
    const header = (name: string) => mail.headerLines.find((h) => h.key === name)?.line;
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(header('list-unsubscribe')).toBe(`List-Unsubscribe: <${url}>`);
    expect(mail.text).toContain('Hello Jim "JB" <Baker> & Co (jim@desertsun.example.com),');
    expect(mail.text).toContain(longLine.trim());
    expect(mail.text).toContain(`Unsubscribe: ${url}`);
    expect(mail.html).toContain('Hello Jim &quot;JB&quot; &lt;Baker&gt; &amp; Co (jim@desertsun.example.com)');
    expect(mail.html).toContain(`href="${url.replace(/&/g, '&amp;')}"`);
    expect((mail.to as { value: { name: string; address: string }[] }).value[0]).toEqual({ name: 'Jim "JB" <Baker> & Co', address: 'jim@desertsun.example.com' });
  });

  it('keeps every line within the limits of quoted-printable, whatever the values', () => {
    const raw = build('N'.repeat(150), `https://press.example.org/u/${'t'.repeat(400)}`).toString('utf8');
    const [, body] = raw.split('\r\n\r\n', 2);
    expect(raw).not.toMatch(/[^\r]\n/);
    for (const line of body!.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
  });

  it('encodes non-ASCII names and subjects as MIME words', () => {
    const raw = build('José Núñez', 'https://press.example.org/u/t').toString('utf8');
    expect(raw).toMatch(/^To: =\?UTF-8\?Q\?Jos=C3=A9/m);
    expect(raw).toMatch(/^Subject: /m);
  });
});

describe('header lines', () => {
  const everyLine = (raw: Buffer): string[] => raw.toString('latin1').split('\r\n');
  const octets = (line: string) => Buffer.byteLength(line, 'latin1');

  it.each([
    ['a 5,000-character ASCII name', `${'Jim Baker '.repeat(499)}Jr.`],
    ['a 5,000-character name with no space', 'N'.repeat(5000)],
    ['a long non-ASCII name', 'José Núñez Ibáñez de la Peña — Редакция Новостей 東京支局 '.repeat(40).trim()],
    ['a short quoted name', 'Jim "JB" Baker'],
  ])('stay within 998 octets (78 where a space allows) and read back the same To for %s', async (_label, name) => {
    const url = `https://press.example.org/u/${'t'.repeat(3000)}?list=desk`;
    const raw = build(name, url);
    // Every line: the message's header, each part's header, and the quoted-printable body.
    for (const line of everyLine(raw)) expect(octets(line)).toBeLessThanOrEqual(998);
    const head = raw.toString('latin1').split('\r\n\r\n')[0]!.split('\r\n');
    for (const line of head.filter((l) => !l.includes('https://') && !/^ \S+$/.test(l))) expect(octets(line), line).toBeLessThanOrEqual(78);
    const mail = await simpleParser(raw);
    expect((mail.to as { value: { name: string; address: string }[] }).value[0]).toEqual({ name, address: 'jim@desertsun.example.com' });
    // Whitespace inside the angle brackets is not part of the URL (RFC 3986, appendix C).
    const unsubscribe = mail.headerLines.find((h) => h.key === 'list-unsubscribe')!.line.replace(/^List-Unsubscribe:\s*/, '');
    expect(unsubscribe.replace(/\s+/g, '')).toBe(`<${url}>`);
  });

  it('leave a URL that fits within 998 octets whole', () => {
    const url = `https://press.example.org/u/${'t'.repeat(600)}`;
    const head = build('Jim Baker', url).toString('latin1').split('\r\n\r\n')[0]!;
    expect(head).toContain(`\r\nList-Unsubscribe: <${url}>\r\n`);
  });
});

describe('messages ready for the wire', () => {
  it('need no dot-stuffing and have only CRLF line ends', async () => {
    const { dataPayload } = await import('../../../src/channels/email/smtp-session.js');
    const dotty: EmailPart[] = [{ contentType: 'text/plain', segments: ['.starts with a dot\n', 'x'.repeat(75), '.after a soft break\n', { slot: 'recipient' }] }];
    const compiled = compileMessage({ from: { address: 'newsroom@press.example.org' }, subject: 'S', parts: dotty });
    const raw = personalizeMessage(compiled, { to: { address: 'a@b.example.org' }, messageId: '<m@x>', date: new Date(0), headers: {} }, { recipient: '.dot', reference: '', unsubscribeUrl: 'https://x.example.org/u/1', readOnlineUrl: 'https://x.example.org/r/1', openPixelUrl: '' });
    expect(dataPayload(raw)).toBe(raw);
    expect((await simpleParser(raw)).text).toContain('.starts with a dot');
  });
});
