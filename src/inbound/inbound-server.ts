/**
 * The inbound SMTP endpoint (an MX for BOUNCE_DOMAIN and REPLY_DOMAIN): takes mail only for
 * `bounces+…@` and `replies+…@` addresses, on any domain (each organisation's bounces use its
 * own sender's domain unless BOUNCE_DOMAIN is set). No authentication: a report's authority is
 * the signed token in its address. A message is answered 250 only once it is applied or kept,
 * so a failure here (the database away, the relay down for a forward) is a 451 and the
 * sending system tries again; replays are harmless.
 *
 * STARTTLS is not offered: we hold no certificate for the MX name, and a sender that insists
 * on TLS would refuse a self-signed one anyway. Put a TLS-terminating MTA in front if needed.
 */
import { listenSmtp } from '../channels/email/smtp-listen.js';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { inboundAddressOf } from '../tokens/mail-addresses.js';
import type { InboundDeps } from './deps.js';
import { receiveInbound } from './inbound-mail.js';

export interface InboundServer {
  port: number;
  close(): Promise<void>;
}

export interface InboundServerOptions {
  host: string;
  port: number;
  maxBytes: number;
}

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

async function receiveAll(deps: InboundDeps, session: SMTPServerSession, raw: Buffer): Promise<void> {
  const from = session.envelope.mailFrom ? session.envelope.mailFrom.address || undefined : undefined;
  for (const rcpt of session.envelope.rcptTo) {
    const outcome = await receiveInbound(deps, { from, recipient: rcpt.address, raw });
    deps.logger.info({ outcome, purpose: inboundAddressOf(rcpt.address)?.purpose, bytes: raw.length }, 'inbound mail received');
  }
}

export async function startInboundServer(deps: InboundDeps, options: InboundServerOptions): Promise<InboundServer> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    banner: 'Presswire inbound mail',
    size: options.maxBytes,
    logger: false,
    disableReverseLookup: true,
    onRcptTo(address, _session, callback) {
      if (inboundAddressOf(address.address)) return callback();
      callback(smtpError(550, '5.1.1 No such mailbox here: this server takes bounces and replies for Presswire only'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        if (!stream.sizeExceeded) chunks.push(chunk);
      });
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(smtpError(552, `5.3.4 Message too big: at most ${options.maxBytes} bytes`));
        receiveAll(deps, session, Buffer.concat(chunks)).then(
          () => callback(null, 'Received by Presswire'),
          (err: unknown) => {
            deps.logger.error({ err }, 'inbound mail could not be stored');
            callback(smtpError(451, '4.3.0 Cannot take this message now; try again later'));
          },
        );
      });
    },
  });
  server.on('error', (err) => deps.logger.warn({ err }, 'inbound SMTP connection error'));
  return listenSmtp(server, options.port, options.host);
}
