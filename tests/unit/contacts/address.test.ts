import { describe, expect, it } from 'vitest';
import { checkAddress, isDeliverableAddress } from '../../../src/contacts/address.js';

const reasonFor = (value: string): string => {
  const check = checkAddress(value);
  if (check.ok) throw new Error(`expected ${JSON.stringify(value)} to be refused`);
  return check.reason;
};

describe('checkAddress', () => {
  it('accepts a plain address, trims it, keeps its case and gives a lowercase key', () => {
    expect(checkAddress('  Lena.Fischer@Wire-Service.example.com ')).toEqual({
      ok: true,
      address: 'Lena.Fischer@Wire-Service.example.com',
      key: 'lena.fischer@wire-service.example.com',
    });
  });

  it.each([
    'ed@news.example',
    "o'neill+press@kxla7.example.com",
    'a!#$%&*/=?^_`{|}~-z@example.org',
    'first.middle.last@sub.domain.example',
    'josé@example.org',
    'ed@correo.españa.example',
    'ed@xn--espaa-rta.example',
  ])('accepts %s', (value) => {
    expect(isDeliverableAddress(value)).toBe(true);
  });

  it('gives composed and decomposed spellings of one address the same key', () => {
    const composed = checkAddress('jos\u00e9@example.org');
    const decomposed = checkAddress('jose\u0301@example.org');
    expect(composed.ok && decomposed.ok && composed.key === decomposed.key).toBe(true);
  });

  describe('refuses addresses that would smuggle recipients or headers', () => {
    it.each([
      ['ed@news.example\r\nBcc: spy@evil.test', 'contains a line break'],
      ['ed@news.example\nBcc: spy@evil.test', 'contains a line break'],
      ['ed@news.example\r\n', 'contains a line break'],
      ['x@example.org>\r\nRCPT TO:<y@evil.test', 'contains a line break'],
      ['ed@news.example\u2028Bcc: spy@evil.test', 'contains a line break'],
      ['a@x.test, spy@evil.test', 'contains a comma'],
      ['a@x.test,spy@evil.test', 'contains a comma'],
      ['a@x.test;spy@evil.test', 'contains a semicolon'],
      ['"Ed" <ed@x.test>', 'contains angle brackets'],
      ['<ed@x.test>', 'contains angle brackets'],
      ['"ed"@x.test', 'contains a double quote'],
      ['undisclosed-recipients:;', 'contains a semicolon'],
      ['group:ed@x.test', 'contains a colon'],
      ['ed(comment)@x.test', 'contains parentheses'],
      ['ed\\@x.test', 'contains a backslash'],
      ['ed@[192.0.2.1]', 'contains square brackets'],
      ['ed\u0000@x.test', 'contains a control or invisible character'],
      ['ed\u200b@x.test', 'contains a control or invisible character'],
      ['ed @news.example', 'contains a space'],
      ['ed\u00a0@news.example', 'contains a space'],
      ['ed\t@news.example', 'contains a control or invisible character'],
    ])('%j: %s', (value, reason) => {
      expect(reasonFor(value)).toBe(reason);
    });
  });

  describe('refuses malformed addresses with a reason', () => {
    it.each([
      ['', 'is empty'],
      ['   ', 'is empty'],
      ['news.example', 'has no @'],
      ['marcus.bell@@valleytimes.example.com', 'has more than one @'],
      ['@news.example', 'has nothing before the @'],
      ['ed@', 'has no domain'],
      ['.ed@news.example', 'starts or ends with a dot before the @'],
      ['ed.@news.example', 'starts or ends with a dot before the @'],
      ['e..d@news.example', 'has two dots in a row'],
      ['ed€@news.example', "has a character not allowed before the @: '€'"],
      ['ed@localhost', "domain 'localhost' has no dot, so it is not a public host name"],
      ['ed@-bad-.example', "domain '-bad-.example' is not a valid host name"],
      ['ed@news..example', "domain 'news..example' is not a valid host name"],
      ['ed@news.example.', "domain 'news.example.' is not a valid host name"],
      ['ed@under_score.example', "domain 'under_score.example' is not a valid host name"],
      ['ed@192.0.2.1', "domain '192.0.2.1' is not a valid host name"],
      [`ed@${'a'.repeat(64)}.example`, `domain '${'a'.repeat(64)}.example' is not a valid host name`],
      [`${'a'.repeat(65)}@news.example`, 'has a part before the @ longer than 64 characters'],
      [`ed@${'a.'.repeat(127)}example`, 'is longer than 254 characters'],
      [`${'a'.repeat(64)}@${'b.'.repeat(94)}example`, 'is longer than 254 characters'],
    ])('%j: %s', (value, reason) => {
      expect(reasonFor(value)).toBe(reason);
    });
  });

  it('accepts the trailing space a spreadsheet leaves behind, and refuses a space inside', () => {
    expect(checkAddress('ed@news.example ')).toMatchObject({ ok: true, address: 'ed@news.example' });
    expect(isDeliverableAddress('ed @news.example')).toBe(false);
  });

  it('accepts the longest legal local part and domain label', () => {
    expect(isDeliverableAddress(`${'a'.repeat(64)}@${'b'.repeat(63)}.example`)).toBe(true);
  });
});
