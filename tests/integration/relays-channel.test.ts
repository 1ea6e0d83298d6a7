/**
 * The relays channel against real SMTP servers and a real Redis: which failures move a message
 * to the next relay (refused login, refused connection) and which never do (the connection lost
 * after the final dot, a refusal of the recipient), so a failover cannot send anything twice.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ChannelError } from '../../src/channels/channel.js';
import { createEmailChannel } from '../../src/channels/email/email.channel.js';
import { createRelaysChannel } from '../../src/channels/email/relays.channel.js';
import { createRelayBreaker } from '../../src/queue/relay-breaker.js';
import { createRelayLimiter } from '../../src/queue/relay-limit.js';
import { freePort } from '../helpers/processes.js';
import { deletePrefix, testRedisUrl, uniquePrefix } from '../helpers/redis.js';
import { SmtpSink } from '../helpers/smtp-sink.js';

const raw = (id: string) => Buffer.from(`From: newsroom@press.example.org\r\nTo: ana@desk.example.org\r\nMessage-ID: <${id}@press.example.org>\r\nSubject: hello\r\n\r\nbody\r\n`);

describe('relays channel', () => {
  const redis = new Redis(testRedisUrl);
  const prefix = uniquePrefix();
  const a = new SmtpSink();
  const b = new SmtpSink();
  let n = 0;

  const channelTo = (first: string) => {
    const run = n++;
    const relay = (name: string, url: string) => ({
      name,
      channel: createEmailChannel({ url, poolSize: 1, verifyTLS: false, outbox: { host: '127.0.0.1', port: 1 } }),
      limiter: createRelayLimiter(redis, `${prefix}:${run}:${name}:limit`, {}),
      breaker: createRelayBreaker(redis, `${prefix}:${run}:${name}:breaker`, { cooldownMs: 60_000, probeTimeoutMs: 60_000 }),
    });
    const relays = [relay('a', first), relay('b', `smtp://127.0.0.1:${b.port}`)];
    return { channel: createRelaysChannel({ relays }), breakerOfA: relays[0]!.breaker };
  };
  const send = (channel: ReturnType<typeof channelTo>['channel'], id: string) => channel.send({ from: 'bounces@press.example.org', to: 'ana@desk.example.org', raw: raw(id) });

  beforeEach(async () => {
    if (!a.port) await a.start({ requireAuth: true });
    if (!b.port) await b.start();
    a.script = {};
    a.received.length = 0;
    b.received.length = 0;
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await deletePrefix(prefix);
    redis.disconnect();
  });

  it('moves a message to the next relay when the first refuses our login, and opens its circuit', async () => {
    a.script = { auth: () => false };
    const { channel, breakerOfA } = channelTo(`smtp://user:wrong@127.0.0.1:${a.port}`);
    expect(await send(channel, 'auth-1')).toMatchObject({ relay: 'b' });
    expect(await breakerOfA.allow()).toBe('open');
    expect(await send(channel, 'auth-2')).toMatchObject({ relay: 'b' });
    expect(a.received).toHaveLength(0);
    expect(b.received.map((r) => r.messageId)).toEqual(['<auth-1@press.example.org>', '<auth-2@press.example.org>']);
    await channel.close?.();
  });

  it('moves a message to the next relay when the first refuses the connection', async () => {
    const { channel } = channelTo(`smtp://127.0.0.1:${await freePort()}`);
    expect(await send(channel, 'refused-1')).toMatchObject({ relay: 'b' });
    expect(b.received).toHaveLength(1);
    await channel.close?.();
  });

  it('never moves a message whose connection was lost after the final dot: it may have been delivered', async () => {
    a.script = { data: () => ({ drop: true }) };
    const { channel } = channelTo(`smtp://user:pass@127.0.0.1:${a.port}`);
    const error = await send(channel, 'dropped-1').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ChannelError);
    expect(error).toMatchObject({ failure: 'ambiguous', details: { relay: 'a' } });
    expect(a.received).toHaveLength(1);
    expect(b.received).toHaveLength(0);
    await channel.close?.();
  });

  it('keeps a refusal of the recipient as that recipient’s outcome, on the relay that refused', async () => {
    a.script = { rcpt: () => ({ code: 550, message: '5.1.1 No such user' }) };
    const { channel, breakerOfA } = channelTo(`smtp://user:pass@127.0.0.1:${a.port}`);
    await expect(send(channel, 'rejected-1')).rejects.toMatchObject({ failure: 'rejected', details: { relay: 'a', enhanced: '5.1.1' } });
    expect(b.received).toHaveLength(0);
    expect(await breakerOfA.allow()).toBe('closed');
    await channel.close?.();
  });
});
