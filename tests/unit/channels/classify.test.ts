import { describe, expect, it } from 'vitest';
import { classifySmtpError, enhancedCode } from '../../../src/channels/email/classify.js';

const reply = (responseCode: number, response: string) => Object.assign(new Error(response), { code: 'EENVELOPE', responseCode, response });

describe('classifySmtpError', () => {
  it('reads the enhanced status code from a reply', () => {
    expect(enhancedCode('550 5.1.1 <x@y>: no such user')).toBe('5.1.1');
    expect(enhancedCode('250-2.0.0 Ok')).toBe('2.0.0');
    expect(enhancedCode('554 Transaction failed')).toBeUndefined();
  });

  it.each([
    ['451 4.3.0 temporary failure', 'retry', false],
    ['451 4.3.0 Try again later', 'retry', false],
    ['450 4.2.0 Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/', 'retry', false],
    ['450 4.7.1 Client host rejected: try again later', 'retry', false],
    ['451 4.7.1 Greylisting in action, please come back later', 'retry', false],
    ['450 4.2.1 greylisted', 'retry', false],
    ['454 4.7.0 Throttling failure: Maximum sending rate exceeded.', 'rate_limited', false],
    ['451 4.7.1 Temporary deferral: too many messages', 'rate_limited', false],
    ['450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered', 'rate_limited', false],
    ['421 4.3.2 Service not available, closing transmission channel', 'rate_limited', false],
    ['421 4.7.0 Try again later', 'rate_limited', false],
    ['421 Too many connections', 'rate_limited', false],
    ['452 4.7.28 unusual rate of unsolicited mail', 'rate_limited', false],
    ['552 5.2.2 Mailbox full', 'retry', false],
    ['550 5.1.1 No such user', 'rejected', true],
    ['553 5.1.10 Null MX', 'rejected', true],
    ['552 5.3.4 Message too big', 'rejected', false],
    ['550 5.7.26 Unauthenticated email from example.org is not accepted due to DMARC', 'rejected', false],
    ['554 Transaction failed', 'rejected', false],
    ['535 5.7.8 Authentication credentials invalid', 'auth', false],
  ])('%s → %s', (text, failure, suppress) => {
    const code = Number(text.slice(0, 3));
    const error = classifySmtpError(reply(code, text), false);
    expect(error.failure).toBe(failure);
    expect(!!error.details.suppress).toBe(suppress);
    expect(error.details.code).toBe(code);
  });

  it('decides by the enhanced code before the three-digit code', () => {
    expect(classifySmtpError(reply(552, '552 5.2.2 over quota'), false).failure).toBe('retry');
    expect(classifySmtpError(reply(552, '552 5.3.4 too big'), false).failure).toBe('rejected');
  });

  it('treats a lost connection as ambiguous only once the message was handed over', () => {
    const lost = Object.assign(new Error('Connection closed unexpectedly'), { code: 'ECONNECTION' });
    expect(classifySmtpError(lost, false).failure).toBe('retry');
    expect(classifySmtpError(lost, true).failure).toBe('ambiguous');
  });

  it('reads the first rejected recipient of an envelope error', () => {
    const err = Object.assign(new Error("Can't send mail - all recipients were rejected"), {
      code: 'EENVELOPE',
      rejectedErrors: [{ responseCode: 550, response: '550 5.1.1 unknown' }],
    });
    expect(classifySmtpError(err, false)).toMatchObject({ failure: 'rejected', details: { enhanced: '5.1.1', suppress: true } });
  });

  it('maps a refused login to auth', () => {
    expect(classifySmtpError(Object.assign(new Error('Invalid login'), { code: 'EAUTH', responseCode: 535, response: '535 5.7.8 bad' }), false).failure).toBe('auth');
  });
});
