/**
 * The development outbox: a real SMTP server inside the process that accepts every
 * message and keeps it as an .eml file, so a fresh install can send without a relay.
 */
import { listenSmtp } from '../channels/email/smtp-listen.js';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import type { Logger } from '../logger.js';

export interface Outbox {
  port: number;
  close(): Promise<void>;
}

const fileName = () => `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;

export async function startOutbox(options: { host: string; port: number; dir: string; logger: Logger }): Promise<Outbox> {
  mkdirSync(options.dir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    banner: 'Presswire development outbox',
    size: 25 * 1024 * 1024,
    logger: false,
    // Clients are local; a reverse lookup only adds latency (and a window with no error handler).
    disableReverseLookup: true,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const envelope = `X-Presswire-Envelope-From: ${session.envelope.mailFrom ? session.envelope.mailFrom.address : ''}\r\n` +
          `X-Presswire-Envelope-To: ${session.envelope.rcptTo.map((r) => r.address).join(', ')}\r\n`;
        // Embargoed copies and unsubscribe tokens: readable by this user only.
        writeFileSync(join(options.dir, fileName()), Buffer.concat([Buffer.from(envelope), ...chunks]), { mode: 0o600 });
        callback(null, 'Message kept in the Presswire outbox');
      });
    },
  });
  server.on('error', (err) => options.logger.error({ err }, 'outbox SMTP server error'));
  return listenSmtp(server, options.port, options.host);
}
