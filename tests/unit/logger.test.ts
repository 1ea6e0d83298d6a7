import { describe, expect, it } from 'vitest';
import { createLogger, type LoggerOptions } from '../../src/logger.js';

function capture(options: Partial<LoggerOptions> = {}) {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', format: 'json', write: (line) => lines.push(line), ...options });
  return { logger, lines, json: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('logger', () => {
  it('writes one JSON object per line: ISO time, level name, message and fields', () => {
    const { logger, json } = capture();
    logger.info({ delivery: 'dlv_1', batches: 2 }, 'distribution planned');
    logger.warn('plain message');
    const [first, second] = json();
    expect(first).toMatchObject({ level: 'info', msg: 'distribution planned', delivery: 'dlv_1', batches: 2 });
    expect(new Date(first!.time as string).toISOString()).toBe(first!.time);
    expect(second).toMatchObject({ level: 'warn', msg: 'plain message' });
  });

  it('writes nothing below its level', () => {
    const { logger, lines } = capture({ level: 'warn' });
    logger.debug('no');
    logger.info('no');
    logger.error('yes');
    expect(lines).toHaveLength(1);
    expect(capture({ level: 'silent' }).lines).toHaveLength(0);
  });

  it('redacts fields named like secrets at the top level and at any depth', () => {
    const { logger, lines, json } = capture();
    logger.info(
      {
        password: 'pw-1',
        apiKey: 'key-2',
        PRESSWIRE_TOKEN: 'tok-3',
        secret: 'sec-4',
        credentials: { appPassword: 'pw-5' },
        account: { settings: { accessToken: 'tok-6' }, name: '@presswire' },
        req: { headers: { authorization: 'Bearer tok-7', cookie: 'sid=tok-8', accept: 'text/html' } },
        attempts: [{ api_key: 'key-9' }],
      },
      'sensitive',
    );
    expect(lines[0]).not.toMatch(/pw-|key-|tok-|sec-/);
    expect(json()[0]).toMatchObject({
      password: '[redacted]',
      credentials: '[redacted]',
      account: { settings: { accessToken: '[redacted]' }, name: '@presswire' },
      req: { headers: { authorization: '[redacted]', cookie: '[redacted]', accept: 'text/html' } },
      attempts: [{ api_key: '[redacted]' }],
    });
  });

  it('keeps of an error its type, message and code, with the stack only at error level', () => {
    const { logger, json } = capture();
    const err = Object.assign(new Error('refused'), { code: 'ECONNREFUSED', config: { headers: { authorization: 'Bearer tok-1' } } });
    logger.warn({ err }, 'retrying');
    logger.error({ err, cause: new TypeError('inner') }, 'failed');
    logger.error(err);
    const [warned, failed, bare] = json();
    expect(warned!.err).toEqual({ type: 'Error', message: 'refused', code: 'ECONNREFUSED' });
    expect(failed!.err).toMatchObject({ type: 'Error', message: 'refused', code: 'ECONNREFUSED', stack: expect.stringContaining('Error: refused') });
    expect(failed!.cause).toMatchObject({ type: 'TypeError', message: 'inner' });
    expect(bare).toMatchObject({ msg: 'refused', err: { message: 'refused' } });
    expect(JSON.stringify(json())).not.toContain('tok-1');
  });

  it('hides passwords in URLs and bearer tokens quoted in error messages', () => {
    const { logger, lines } = capture();
    logger.error({ err: new Error('cannot connect to smtp://relay:hunter2@mail.example.org:587 (Bearer abc.def)') }, 'relay down');
    expect(lines[0]).toContain('smtp://relay:[redacted]@mail.example.org:587');
    expect(lines[0]).not.toMatch(/hunter2|abc\.def/);
  });

  it('writes a readable line for people, redacted the same way', () => {
    const { logger, lines } = capture({ format: 'pretty' });
    logger.info({ delivery: 'dlv_1', token: 'tok-1' }, 'unsubscribed');
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: unsubscribed \{"delivery":"dlv_1","token":"\[redacted\]"\}$/);
  });
});
