/** Reading the sending relays from SMTP_URL, SMTP_URLS or a relays file, and refusing bad ones by name. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { relayPlanOf } from '../../src/config-relays.js';
import { AppError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'presswire-relays-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const refused = (env: Parameters<typeof relayPlanOf>[0]): string => {
  try {
    relayPlanOf(env, 5);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).message;
  }
  throw new Error('expected the relays to be refused');
};

describe('relay settings', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps SMTP_URL alone as one relay, and no relay as the development outbox', () => {
    expect(relayPlanOf({ SMTP_URL: 'smtps://u:p@mail.example.com' }, 4).relays).toEqual([{ name: 'relay-1', url: 'smtps://u:p@mail.example.com', connections: 4 }]);
    expect(relayPlanOf({}, 4).relays).toEqual([]);
  });

  it('reads SMTP_URLS in order, with limits in each URL', () => {
    const plan = relayPlanOf({ SMTP_URLS: 'smtp://a.example.com:587?rate=14&daily=50000&connections=3&name=ses, smtps://u:p%40x@b.example.net' }, 5);
    expect(plan.relays).toEqual([
      { name: 'ses', url: 'smtp://a.example.com:587', rate: 14, daily: 50000, connections: 3 },
      { name: 'relay-2', url: 'smtps://u:p%40x@b.example.net', rate: undefined, daily: undefined, connections: 5 },
    ]);
  });

  it('names the variable and the relay in its refusals, never a password', () => {
    expect(refused({ SMTP_URLS: 'smtp://a.example.com?rate=fast&name=ses' })).toMatch(/SMTP_URLS \(relay 1, a\.example\.com\): rate/);
    expect(refused({ SMTP_URLS: 'smtp://a.example.com, http://u:secret@b.example.com' })).toMatch(/SMTP_URLS \(relay 2, b\.example\.com\).*SMTP URL/);
    expect(refused({ SMTP_URLS: 'smtp://u:secret@a.example.com?speed=3' })).not.toMatch(/secret/);
    expect(refused({ SMTP_URLS: 'smtp://a.example.com?name=x,smtp://b.example.com?name=x' })).toMatch(/SMTP_URLS \(x\): two relays have this name/);
    expect(refused({ SMTP_URL: 'smtp://a.example.com', SMTP_URLS: 'smtp://b.example.com' })).toMatch(/only one of/);
  });

  it('reads a YAML relays file with per-organisation lists', () => {
    const path = file('relays.yaml', ['relays:', '  - { name: ses, url: "smtp://email-smtp.example.com:587", rate: 14, daily: 50000 }', '  - { name: backup, url: "smtps://backup.example.net", connections: 2 }', 'organisations:', '  Harbor Legal Aid: [backup, ses]'].join('\n'));
    const plan = relayPlanOf({ SMTP_RELAYS_FILE: path }, 5);
    expect(plan.relays.map((r) => [r.name, r.rate, r.daily, r.connections])).toEqual([
      ['ses', 14, 50000, 5],
      ['backup', undefined, undefined, 2],
    ]);
    expect(plan.organisations).toEqual({ 'Harbor Legal Aid': ['backup', 'ses'] });
  });

  it('refuses a relays file that is unreadable, malformed, or names an unknown relay', () => {
    expect(refused({ SMTP_RELAYS_FILE: join(dir, 'missing.json') })).toMatch(/SMTP_RELAYS_FILE .*cannot be read/);
    expect(refused({ SMTP_RELAYS_FILE: file('bad.json', JSON.stringify({ relays: [{ name: 'ses', url: 'smtp://a.example.com', rate: -1 }] })) })).toMatch(/SMTP_RELAYS_FILE \(ses\): rate/);
    expect(refused({ SMTP_RELAYS_FILE: file('org.json', JSON.stringify({ relays: [{ name: 'ses', url: 'smtp://a.example.com' }], organisations: { org_1: ['other'] } })) })).toMatch(/SMTP_RELAYS_FILE \(other\): organisation "org_1"/);
  });
});
