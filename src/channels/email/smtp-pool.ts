/**
 * A small pool of SMTP connections (nodemailer's SMTPConnection) that sends pre-built
 * messages, one envelope recipient each.
 *
 * Why not nodemailer's own pooled transport: it reads a message before the envelope is
 * accepted and re-queues messages when a connection drops, so it cannot tell "never
 * handed over" from "handed over, reply lost" (RFC 1047). Here a message is written only
 * after DATA is accepted, and every error says whether the whole message had been
 * handed to the connection.
 */
import { Readable } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection';

export interface SmtpPoolOptions {
  host: string;
  port: number;
  secure: boolean;
  ignoreTLS?: boolean;
  auth?: { user: string; pass: string };
  size: number;
  maxMessagesPerConnection: number;
  connectionTimeout: number;
  greetingTimeout: number;
  socketTimeout: number;
}

export interface SmtpResult {
  response: string;
  accepted: string[];
  rejected: string[];
}

/** An error from the relay or the connection, plus whether the message had been fully handed over. */
export type SmtpError = Error & { code?: string; responseCode?: number; response?: string; handedOver: boolean };

interface Connection {
  smtp: SMTPConnection;
  messages: number;
  broken: boolean;
}

function callback<T>(run: (done: (err?: Error | null, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => run((err, value) => (err ? reject(err) : resolve(value as T))));
}

export class SmtpPool {
  private readonly idle: Connection[] = [];
  private readonly waiting: ((c: Connection | Error) => void)[] = [];
  private open = 0;
  private closed = false;

  constructor(private readonly options: SmtpPoolOptions) {}

  private async connect(): Promise<Connection> {
    const o = this.options;
    const smtp = new SMTPConnection({
      host: o.host,
      port: o.port,
      secure: o.secure,
      ignoreTLS: o.ignoreTLS,
      connectionTimeout: o.connectionTimeout,
      greetingTimeout: o.greetingTimeout,
      socketTimeout: o.socketTimeout,
    });
    const connection: Connection = { smtp, messages: 0, broken: false };
    // Errors also reach the pending callback; this only marks the connection unusable.
    smtp.on('error', () => (connection.broken = true));
    smtp.on('end', () => (connection.broken = true));
    await callback<void>((done) => smtp.connect((err) => done(err)));
    if (o.auth) {
      try {
        await callback<void>((done) => smtp.login({ user: o.auth!.user, pass: o.auth!.pass }, (err) => done(err)));
      } catch (err) {
        smtp.close();
        throw err;
      }
    }
    return connection;
  }

  private async acquire(): Promise<Connection> {
    if (this.closed) throw Object.assign(new Error('SMTP pool is closed'), { code: 'ECONNECTION' });
    for (let idle = this.idle.pop(); idle; idle = this.idle.pop()) {
      if (!idle.broken) return idle;
      this.open--; // the server closed it while idle
      idle.smtp.close();
    }
    if (this.open < this.options.size) {
      this.open++;
      try {
        return await this.connect();
      } catch (err) {
        this.open--;
        this.wakeOne();
        throw err;
      }
    }
    const next = await new Promise<Connection | Error>((resolve) => this.waiting.push(resolve));
    if (next instanceof Error) throw next;
    return next;
  }

  /** A slot freed up: let one waiter open a connection of its own. */
  private wakeOne(): void {
    const waiter = this.waiting.shift();
    if (waiter) this.acquire().then(waiter, waiter);
  }

  private release(connection: Connection, reusable: boolean): void {
    if (!reusable || connection.broken || this.closed || connection.messages >= this.options.maxMessagesPerConnection) {
      this.open--;
      connection.smtp.close();
      this.wakeOne();
      return;
    }
    const waiter = this.waiting.shift();
    if (waiter) waiter(connection);
    else this.idle.push(connection);
  }

  /** Send one message to one recipient. */
  async send(envelope: { from: string; to: string }, raw: Buffer): Promise<SmtpResult> {
    let connection: Connection;
    try {
      connection = await this.acquire();
    } catch (err) {
      throw Object.assign(err as Error, { handedOver: false });
    }
    let handedOver = false;
    // Read only once the relay has accepted DATA; 'end' means every byte went to the connection.
    const message = Readable.from([raw]);
    message.once('end', () => (handedOver = true));
    try {
      const info = await callback<SMTPConnection.SentMessageInfo>((done) =>
        connection.smtp.send({ from: envelope.from, to: [envelope.to] }, message, (err, result) => done(err, result)),
      );
      connection.messages++;
      this.release(connection, true);
      return { response: info.response, accepted: info.accepted.map(String), rejected: info.rejected.map(String) };
    } catch (err) {
      const e = err as SmtpError;
      connection.messages++;
      // A refused envelope leaves the session usable after RSET; anything else ends the connection.
      const refusedEnvelope = (e.code === 'EENVELOPE' || e.code === 'EMESSAGE') && e.responseCode !== 421 && !connection.broken;
      if (refusedEnvelope) {
        try {
          await callback<void>((done) => connection.smtp.reset((resetErr) => done(resetErr)));
          this.release(connection, true);
        } catch {
          this.release(connection, false);
        }
      } else {
        this.release(connection, false);
      }
      throw Object.assign(e, { handedOver });
    }
  }

  /** Connect (and log in) without sending anything. */
  async verify(): Promise<void> {
    const connection = await this.connect();
    connection.smtp.quit();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter(Object.assign(new Error('SMTP pool is closed'), { code: 'ECONNECTION' }));
    for (const c of this.idle.splice(0)) c.smtp.quit();
  }
}
