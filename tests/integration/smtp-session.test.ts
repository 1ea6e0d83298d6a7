/**
 * The SMTP session against a real SMTP server: pipelined and plain conversations,
 * STARTTLS and implicit TLS, both login methods, every kind of refusal, and the line a
 * lost connection draws between "never handed over" and "handed over, reply lost".
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { dataPayload, SmtpError, SmtpSession, type SmtpSessionOptions } from '../../src/channels/email/smtp-session.js';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

interface Received {
  from: string;
  to: string[];
  body: string;
}

const servers: { close(cb: () => void): void }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
});

async function server(options: Partial<SMTPServerOptions> = {}): Promise<{ port: number; received: Received[]; sockets: Socket[] }> {
  const received: Received[] = [];
  const sockets: Socket[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    disableReverseLookup: true,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), body: Buffer.concat(chunks).toString() });
        callback(null, 'Ok: queued as TEST1');
      });
    },
    ...options,
  });
  smtp.on('error', () => {});
  smtp.server.on('connection', (s: Socket) => {
    s.on('error', () => {});
    sockets.push(s);
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  servers.push(smtp);
  return { port: (smtp.server.address() as { port: number }).port, received, sockets };
}

const options = (port: number, extra: Partial<SmtpSessionOptions> = {}): SmtpSessionOptions => ({
  host: '127.0.0.1',
  port,
  secure: false,
  ignoreTLS: true,
  connectionTimeout: 2000,
  greetingTimeout: 2000,
  socketTimeout: 2000,
  ...extra,
});

const message = Buffer.from('Subject: Test\r\nMessage-ID: <m1@example.org>\r\n\r\nHello\r\n.Leading dot stays\r\n');

async function refusal(run: () => Promise<unknown>): Promise<SmtpError> {
  const error = await run().then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(SmtpError);
  return error as SmtpError;
}

describe('SMTP session', () => {
  it.each([false, true])('sends one message per envelope, pipelined or not (hidePIPELINING=%s), and reuses the session', async (hidePIPELINING) => {
    const s = await server({ hidePIPELINING });
    const session = await SmtpSession.open(options(s.port));
    expect(await session.send('news@press.example.org', 'ana@ledger.example.com', message)).toMatch(/^250 .*queued as TEST1/);
    await session.send('news@press.example.org', 'wei@pacificpost.example.org', message);
    session.quit();
    expect(s.received.map((r) => r.to)).toEqual([['ana@ledger.example.com'], ['wei@pacificpost.example.org']]);
    expect(s.received[0]!.body).toBe('Subject: Test\r\nMessage-ID: <m1@example.org>\r\n\r\nHello\r\n.Leading dot stays\r\n');
  });

  it('normalizes line ends and stuffs dots only when a payload needs it', () => {
    const clean = Buffer.from('a\r\nb\r\n');
    expect(dataPayload(clean)).toBe(clean);
    expect(dataPayload(Buffer.from('.a\nb\r.c\r\n')).toString()).toBe('..a\r\nb\r\n..c\r\n');
  });

  it('upgrades with STARTTLS and refuses an unverifiable certificate unless told otherwise', async () => {
    const s = await server({ disabledCommands: ['AUTH'] });
    const trusting = await SmtpSession.open(options(s.port, { ignoreTLS: false, verifyTLS: false }));
    await trusting.send('news@press.example.org', 'ana@ledger.example.com', message);
    trusting.quit();
    expect(s.received).toHaveLength(1);
    expect((await refusal(() => SmtpSession.open(options(s.port, { ignoreTLS: false, verifyTLS: true })))).code).toBe('ETLS');
  });

  it('speaks TLS from the first byte (smtps)', async () => {
    const s = await server({ secure: true });
    const session = await SmtpSession.open(options(s.port, { secure: true, verifyTLS: false }));
    await session.send('news@press.example.org', 'ana@ledger.example.com', message);
    session.quit();
    expect(s.received).toHaveLength(1);
  });

  it.each([['PLAIN'], ['LOGIN']])('logs in with %s and reports a refused login as EAUTH', async (method) => {
    const s = await server({
      disabledCommands: ['STARTTLS'],
      authMethods: [method],
      allowInsecureAuth: true,
      onAuth: (auth, _session, cb) => (auth.username === 'press' && auth.password === 'right' ? cb(null, { user: 'press' }) : cb(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }))),
    });
    const session = await SmtpSession.open(options(s.port, { auth: { user: 'press', pass: 'right' } }));
    await session.send('news@press.example.org', 'ana@ledger.example.com', message);
    session.quit();
    const error = await refusal(() => SmtpSession.open(options(s.port, { auth: { user: 'press', pass: 'wrong' } })));
    expect(error).toMatchObject({ code: 'EAUTH', responseCode: 535 });
  });

  it('reports a refused recipient with its reply and keeps the session usable', async () => {
    const s = await server({ onRcptTo: (a, _s, cb) => (a.address.startsWith('gone') ? cb(Object.assign(new Error('5.1.1 User unknown'), { responseCode: 550 })) : cb()) });
    const session = await SmtpSession.open(options(s.port));
    const error = await refusal(() => session.send('news@press.example.org', 'gone@ledger.example.com', message));
    expect(error).toMatchObject({ code: 'EENVELOPE', responseCode: 550, handedOver: false });
    expect(error.response).toContain('5.1.1');
    expect(session.usable).toBe(true);
    await session.send('news@press.example.org', 'ana@ledger.example.com', message);
    session.quit();
    expect(s.received.map((r) => r.to[0])).toEqual(['ana@ledger.example.com']);
  });

  it('reports a message refused after the final dot', async () => {
    const s = await server({ onData: (stream, _s, cb) => (stream.resume(), stream.on('end', () => cb(Object.assign(new Error('5.3.4 Message too big'), { responseCode: 552 })))) });
    const session = await SmtpSession.open(options(s.port));
    expect(await refusal(() => session.send('news@press.example.org', 'ana@ledger.example.com', message))).toMatchObject({ code: 'EMESSAGE', responseCode: 552 });
    session.quit();
  });

  it('tells a connection lost after the final dot (handed over) from one lost before it', async () => {
    const before = await server({ onRcptTo: () => before.sockets.at(-1)!.destroy() });
    const a = await SmtpSession.open(options(before.port));
    expect(await refusal(() => a.send('news@press.example.org', 'ana@ledger.example.com', message))).toMatchObject({ code: 'ECONNECTION', handedOver: false });

    const after = await server({ onData: (stream) => (stream.resume(), stream.on('end', () => after.sockets.at(-1)!.destroy())) });
    const b = await SmtpSession.open(options(after.port));
    expect(await refusal(() => b.send('news@press.example.org', 'ana@ledger.example.com', message))).toMatchObject({ code: 'ECONNECTION', handedOver: true });
  });

  it('gives up on a server that never greets', async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    servers.push(silent);
    const port = (silent.address() as { port: number }).port;
    expect(await refusal(() => SmtpSession.open(options(port, { greetingTimeout: 200 })))).toMatchObject({ code: 'ETIMEDOUT' });
  });

  it('sends to an international address with SMTPUTF8', async () => {
    const s = await server();
    const session = await SmtpSession.open(options(s.port));
    await session.send('news@press.example.org', 'josé@noticias.example.org', message);
    session.quit();
    expect(s.received[0]!.to).toEqual(['josé@noticias.example.org']);
  });
});
