/**
 * A real SMTP server for tests, on an ephemeral port, that records every transaction
 * and can be scripted per address and per attempt: answer any code at RCPT or after
 * DATA, delay, hold the final reply, drop the connection after the final dot, or
 * refuse the login.
 */
import type { Socket } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface Received {
  mailFrom: string;
  rcptTo: string[];
  raw: Buffer;
  messageId: string | undefined;
  /** Kept by the server but its reply never reached the client (the RFC 1047 window). */
  replyLost: boolean;
  at: number;
}

export interface SmtpReply {
  code: number;
  message: string;
}

/** What to do after the final dot: reply with an error, drop the connection, or wait first. */
export type DataAction = SmtpReply | { drop: true } | { delayMs: number } | undefined;

export interface SinkScript {
  /** `attempt` counts RCPTs seen for this address, from 1. Return undefined to accept. */
  rcpt?: (address: string, attempt: number) => SmtpReply | undefined;
  data?: (address: string, attempt: number) => DataAction;
  /** Return false to refuse the login with 535. */
  auth?: (user: string, pass: string) => boolean;
}

const smtpError = (r: SmtpReply) => Object.assign(new Error(r.message), { responseCode: r.code });
const messageIdOf = (raw: Buffer) => /^Message-ID:\s*(<[^>]+>)/im.exec(raw.subarray(0, 8192).toString('latin1'))?.[1];

export class SmtpSink {
  readonly received: Received[] = [];
  /** Every RCPT seen, in order, with the reply given. */
  readonly rcptLog: { address: string; attempt: number; code: number }[] = [];
  script: SinkScript = {};
  port = 0;
  private readonly attempts = new Map<string, number>();
  private readonly sockets = new Map<string, Socket>();
  private server!: SMTPServer;
  private listeners: (() => void)[] = [];

  /** `port`: listen on that one (a relay coming back where it was). */
  async start(options: { requireAuth?: boolean; port?: number } = {}): Promise<this> {
    this.server = new SMTPServer({
      authOptional: !options.requireAuth,
      allowInsecureAuth: true,
      disabledCommands: options.requireAuth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      logger: false,
      disableReverseLookup: true,
      size: 50 * 1024 * 1024,
      onAuth: (auth, _session, callback) => {
        const ok = this.script.auth ? this.script.auth(auth.username ?? '', auth.password ?? '') : true;
        if (ok) callback(null, { user: auth.username });
        else callback(smtpError({ code: 535, message: '5.7.8 Authentication credentials invalid' }));
      },
      onRcptTo: (address, _session, callback) => {
        const key = address.address.toLowerCase();
        const attempt = (this.attempts.get(key) ?? 0) + 1;
        this.attempts.set(key, attempt);
        const reply = this.script.rcpt?.(key, attempt);
        this.rcptLog.push({ address: key, attempt, code: reply?.code ?? 250 });
        callback(reply ? smtpError(reply) : undefined);
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => void this.finishData(Buffer.concat(chunks), session, callback));
      },
    });
    // smtp-server re-emits every connection error on the server; resets from killed clients are expected.
    this.server.on('error', () => {});
    this.server.server.on('connection', (socket: Socket) => {
      // A client killed mid-session resets its connection; that is the point of some tests.
      socket.on('error', () => {});
      this.sockets.set(`${socket.remoteAddress}:${socket.remotePort}`, socket);
    });
    await new Promise<void>((resolve) => this.server.listen(options.port ?? 0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as { port: number }).port;
    return this;
  }

  private async finishData(raw: Buffer, session: SMTPServerSession, callback: (err?: Error | null, message?: string) => void): Promise<void> {
    const rcpt = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
    const action = this.script.data?.(rcpt[0] ?? '', this.attempts.get(rcpt[0] ?? '') ?? 1);
    const keep = (replyLost: boolean) => {
      const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
      this.received.push({ mailFrom, rcptTo: rcpt, raw, messageId: messageIdOf(raw), replyLost, at: Date.now() });
      for (const l of this.listeners) l();
    };
    if (action && 'drop' in action) {
      keep(true);
      this.sockets.get(`${session.remoteAddress}:${session.remotePort}`)?.destroy();
      return;
    }
    if (action && 'delayMs' in action) await new Promise((r) => setTimeout(r, action.delayMs));
    if (action && 'code' in action) return callback(smtpError(action));
    keep(false);
    callback(null, '2.0.0 Ok: queued');
  }

  /** Bodies received per recipient address. */
  countByRecipient(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const r of this.received) for (const a of r.rcptTo) counts.set(a, (counts.get(a) ?? 0) + 1);
    return counts;
  }

  async parsed(index: number) {
    return simpleParser(this.received[index]!.raw);
  }

  /** Resolve when `predicate` holds (checked after every received message). */
  waitFor(predicate: () => boolean, timeoutMs = 30_000): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`SMTP sink: condition not met in ${timeoutMs} ms (${this.received.length} received)`)), timeoutMs);
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== check);
        resolve();
      };
      this.listeners.push(check);
    });
  }

  async close(): Promise<void> {
    for (const s of this.sockets.values()) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
