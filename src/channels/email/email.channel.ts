/**
 * Email through a pool of SMTP connections: one recipient per envelope, pre-built raw
 * messages, and SMTP failures translated into `ChannelError`s.
 */
import { checkAddress } from '../../contacts/address.js';
import { ChannelError, type Channel, type Receipt } from '../channel.js';
import { classifySmtpError } from './classify.js';
import { SmtpPool, type SmtpPoolOptions } from './smtp-pool.js';
import type { SmtpError } from './smtp-session.js';

export interface EmailMessage {
  /** Envelope sender (MAIL FROM). */
  from: string;
  /** The one envelope recipient (RCPT TO). */
  to: string;
  raw: Buffer;
  /** The sending organisation, which may have relays of its own. */
  orgId?: string;
}

export interface EmailChannelSettings {
  /** smtp:// or smtps:// with optional credentials; unset means the development outbox. */
  url?: string;
  outbox: { host: string; port: number };
  poolSize: number;
  /** Verify the relay's TLS certificate (turn off only for a relay with a self-signed one). */
  verifyTLS: boolean;
}

/** The settings from the configuration: the relay, or the development outbox on the port it really listens on. */
export const emailSettings = (config: { smtp: Omit<EmailChannelSettings, 'outbox'>; outbox: { host: string; port: number } }, outboxPort?: number): EmailChannelSettings => ({
  ...config.smtp,
  outbox: { host: config.outbox.host, port: outboxPort ?? config.outbox.port },
});

/** How to reach the relay (or the outbox): host, port, TLS and the credentials in its URL. */
export function poolOptions(settings: EmailChannelSettings): SmtpPoolOptions {
  const common = { size: settings.poolSize, maxMessagesPerConnection: 1000, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000, verifyTLS: settings.verifyTLS };
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

/** `ready`: awaited with a connection held, just before each transaction (see SmtpPool.send). */
export function createEmailChannel(settings: EmailChannelSettings, ready?: () => Promise<void>): Channel<EmailMessage> {
  const pool = new SmtpPool(poolOptions(settings));
  return {
    id: 'email',
    kind: 'email',
    async send(message): Promise<Receipt> {
      // Checked again here although the ledger checks first: a poisoned value must never
      // reach an SMTP command, where it could add or replace recipients.
      const to = checkAddress(message.to);
      if (!to.ok) throw new ChannelError('rejected', `invalid_address: ${to.reason}`);
      try {
        return { reply: await pool.send({ from: message.from, to: to.address }, message.raw, ready) };
      } catch (err) {
        throw classifySmtpError(err, (err as SmtpError).handedOver ?? false);
      }
    },
    async verify() {
      try {
        await pool.verify();
      } catch (err) {
        throw classifySmtpError(err, false);
      }
    },
    close: () => pool.close(),
  };
}
