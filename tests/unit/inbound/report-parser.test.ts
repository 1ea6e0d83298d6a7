import { describe, expect, it } from 'vitest';
import { readInbound } from '../../../src/inbound/report-parser.js';
import { inboundFixture } from '../../helpers/inbound-mail.js';

const recipient = 'ana.morales@ledger.example.com';
const read = async (name: string) => (await readInbound(inboundFixture(name, { recipient }))).report;

describe('reading inbound mail', () => {
  it('reads an RFC 3464 failure: recipient, action, status and diagnostic', async () => {
    expect(await read('rfc3464-user-unknown.eml')).toEqual({
      kind: 'delivery-status',
      format: 'rfc3464',
      recipients: [{ recipient, action: 'failed', status: '5.1.1', diagnostic: `550 5.1.1 <${recipient}>: Recipient address rejected: User unknown in virtual mailbox table` }],
    });
  });

  it('reads an RFC 3464 delay with a text/rfc822-headers part', async () => {
    const report = await read('rfc3464-delayed.eml');
    expect(report).toMatchObject({ kind: 'delivery-status', format: 'rfc3464', recipients: [{ recipient, action: 'delayed', status: '4.4.1' }] });
  });

  it('reads an ARF complaint: the feedback type and the original recipient', async () => {
    expect(await read('arf-abuse.eml')).toEqual({ kind: 'feedback', feedbackType: 'abuse', recipient });
  });

  it('keeps the original message of a report as a part of its own (its Message-ID survives)', async () => {
    const { mail } = await readInbound(inboundFixture('arf-abuse.eml', { recipient }));
    const original = mail.attachments.find((a) => a.mimeType === 'message/rfc822');
    expect(String(original?.content)).toContain('Message-ID: <dlv_original.1@press.example.org>');
    expect(mail.messageId).toBe('<fbl-20260310091400-8812@isp.example.net>');
  });

  it.each([
    ['exchange-ndr.eml', 'exchange', '5.1.10', /RESOLVER\.ADR\.RecipientNotFound/],
    ['gmail-bounce.eml', 'gmail', '5.1.1', /account that you tried to reach does not exist/],
    ['postfix-plain.eml', 'postfix', '5.2.2', /Mailbox full: quota exceeded/],
    ['qmail-bounce.eml', 'qmail', '5.1.1', /no mailbox here by that name/],
  ])('reads a plain %s bounce (%s) from its words', async (name, format, status, diagnostic) => {
    const report = await read(name);
    expect(report).toMatchObject({ kind: 'delivery-status', format, recipients: [{ recipient, action: 'failed', status }] });
    if (report.kind !== 'delivery-status') throw new Error('not a bounce');
    expect(report.recipients[0]!.diagnostic).toMatch(diagnostic);
  });

  it('reads nothing into a reply or an out-of-office notice', async () => {
    expect(await read('reply.eml')).toEqual({ kind: 'message' });
    expect(await read('vacation-notice.eml')).toEqual({ kind: 'message' });
  });

  it('does not take an address from the copy of our message below a plain bounce', async () => {
    const raw = inboundFixture('qmail-bounce.eml', { recipient }).toString().replace(`<${recipient}>:\r\n`, '');
    const report = await readInbound(Buffer.from(raw));
    expect(report.report).toMatchObject({ kind: 'delivery-status', recipients: [{ recipient: undefined, status: '5.1.1' }] });
  });
});
