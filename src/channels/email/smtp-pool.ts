/**
 * A small pool of SMTP sessions that sends pre-built messages, one envelope recipient
 * each. Sessions are opened on demand up to `size` and reused; a session that failed is
 * dropped and its slot reopened for the next message.
 */
import { SmtpError, SmtpSession, type SmtpSessionOptions } from './smtp-session.js';

export interface SmtpPoolOptions extends SmtpSessionOptions {
  size: number;
  maxMessagesPerConnection: number;
}

interface Pooled {
  session: SmtpSession;
  messages: number;
}

export class SmtpPool {
  private readonly idle: Pooled[] = [];
  private readonly waiting: ((p: Pooled | Error) => void)[] = [];
  private open = 0;
  private closed = false;

  constructor(private readonly options: SmtpPoolOptions) {}

  private async acquire(): Promise<Pooled> {
    if (this.closed) throw new SmtpError('ECONNECTION', 'the SMTP pool is closed');
    for (let p = this.idle.pop(); p; p = this.idle.pop()) {
      if (p.session.usable) return p;
      this.open--; // the server closed it while idle
    }
    if (this.open < this.options.size) {
      this.open++;
      try {
        return { session: await SmtpSession.open(this.options), messages: 0 };
      } catch (err) {
        this.open--;
        this.wakeOne();
        throw err;
      }
    }
    const next = await new Promise<Pooled | Error>((resolve) => this.waiting.push(resolve));
    if (next instanceof Error) throw next;
    return next;
  }

  /** A slot freed up: let one waiter open a session of its own. */
  private wakeOne(): void {
    const waiter = this.waiting.shift();
    if (waiter) this.acquire().then(waiter, waiter);
  }

  private release(p: Pooled): void {
    if (!p.session.usable || this.closed || p.messages >= this.options.maxMessagesPerConnection) {
      this.open--;
      p.session.quit();
      this.wakeOne();
      return;
    }
    const waiter = this.waiting.shift();
    if (waiter) waiter(p);
    else this.idle.push(p);
  }

  /**
   * Send one message to one recipient; resolves with the relay's final reply. `ready` runs once
   * a connection is held, right before the transaction (a shared rate limit admits it there).
   */
  async send(envelope: { from: string; to: string }, raw: Buffer, ready?: () => Promise<void>): Promise<string> {
    const p = await this.acquire();
    p.messages++;
    try {
      await ready?.();
      return await p.session.send(envelope.from, envelope.to, raw);
    } finally {
      this.release(p);
    }
  }

  /** Connect (and log in) without sending anything. */
  async verify(): Promise<void> {
    (await SmtpSession.open(this.options)).quit();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter(new SmtpError('ECONNECTION', 'the SMTP pool is closed'));
    for (const p of this.idle.splice(0)) p.session.quit();
  }
}
