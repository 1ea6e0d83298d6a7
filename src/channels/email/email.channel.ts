/**
 * Email through a pooled nodemailer SMTP transport: one recipient per envelope,
 * pre-built raw messages, and SMTP failures translated into `ChannelError`s.
 */
import { Readable } from 'node:stream';
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import { checkAddress } from '../../contacts/address.js';
import { ChannelError, type Channel, type Receipt } from '../channel.js';
import { classifySmtpError } from './classify.js';

export interface EmailMessage {
  /** Envelope sender (MAIL FROM). */
  from: string;
  /** The one envelope recipient (RCPT TO). */
  to: string;
  raw: Buffer;
}

export interface EmailChannelSettings {
  /** smtp:// or smtps:// with optional credentials; unset means the development outbox. */
  url?: string;
  outbox: { host: string; port: number };
  poolSize: number;
}

function transportOptions(settings: EmailChannelSettings): SMTPPool.Options {
  const common: SMTPPool.Options = {
    pool: true,
    maxConnections: settings.poolSize,
    maxMessages: 1000,
    // A message lost with its connection must come back to us, not be re-sent blindly by the
    // pool: only the ledger knows whether it may already have been delivered.
    maxRequeues: 0,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  if (!settings.url) return { ...common, host: settings.outbox.host, port: settings.outbox.port, secure: false, ignoreTLS: true };
  const url = new URL(settings.url);
  const secure = url.protocol === 'smtps:';
  return {
    ...common,
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
  };
}

/** A stream over the message that remembers whether it was read to the end. */
function trackedStream(raw: Buffer): { stream: Readable; handedOver: () => boolean } {
  let ended = false;
  const stream = Readable.from([raw], { objectMode: false });
  stream.once('end', () => {
    ended = true;
  });
  return { stream, handedOver: () => ended };
}

export function createEmailChannel(settings: EmailChannelSettings): Channel<EmailMessage> {
  const transport = nodemailer.createTransport(transportOptions(settings));
  return {
    id: 'email',
    kind: 'email',
    async send(message): Promise<Receipt> {
      // Checked again here although the ledger checks first: nodemailer re-parses address
      // strings, so a poisoned value would otherwise redirect the message.
      const to = checkAddress(message.to);
      if (!to.ok) throw new ChannelError('rejected', `invalid_address: ${to.reason}`);
      const { stream, handedOver } = trackedStream(message.raw);
      try {
        const info = await transport.sendMail({ envelope: { from: message.from, to: [to.address] }, raw: stream });
        const rejected = info.rejected ?? [];
        if (rejected.length > 0 || !info.accepted?.length) {
          throw Object.assign(new Error('recipient rejected'), { code: 'EENVELOPE', rejectedErrors: info.rejectedErrors });
        }
        return { reply: info.response };
      } catch (err) {
        throw classifySmtpError(err, handedOver());
      }
    },
    async verify() {
      try {
        await transport.verify();
      } catch (err) {
        throw classifySmtpError(err, false);
      }
    },
    async close() {
      transport.close();
    },
  };
}
