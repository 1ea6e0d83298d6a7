/**
 * Inbound mail for tests: the sample bounces, reports and replies in tests/fixtures/bounces
 * with their placeholders filled in, and delivery to an SMTP endpoint over a real conversation.
 */
import nodemailer from 'nodemailer';
import { readFixture } from './fixtures.js';

export interface FixtureAddresses {
  /** The VERP envelope sender the notice answers (BOUNCE_ADDRESS). */
  bounce?: string;
  /** The journalist the original went to (RECIPIENT). */
  recipient?: string;
  /** The per-delivery reply address (REPLY_ADDRESS). */
  reply?: string;
}

export function inboundFixture(name: string, addresses: FixtureAddresses = {}): Buffer {
  const text = readFixture(`bounces/${name}`)
    .replaceAll('BOUNCE_ADDRESS', addresses.bounce ?? 'bounces+dlv_0000000000000000000000000.000000000000000000000000@press.example.org')
    .replaceAll('RECIPIENT', addresses.recipient ?? 'reporter0000@desk.example.org')
    .replaceAll('REPLY_ADDRESS', addresses.reply ?? 'replies+dlv_0000000000000000000000000.000000000000000000000000@press.example.org');
  return Buffer.from(text.replace(/\r?\n/g, '\r\n'));
}

/** One SMTP transaction to the endpoint; resolves with its reply, rejects with the server's refusal. */
export async function deliverInbound(port: number, envelope: { from: string; to: string[] }, raw: Buffer): Promise<string> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    const info = await transport.sendMail({ envelope, raw });
    return info.response;
  } finally {
    transport.close();
  }
}
