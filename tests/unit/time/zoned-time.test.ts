import { describe, expect, it } from 'vitest';
import { validationError } from '../../helpers/errors.js';
import { localToInstant, parseInstantInput, resolveZone } from '../../../src/time/zoned-time.js';


describe('localToInstant', () => {
  it('uses daylight time in March after the change (PDT, UTC-7)', () => {
    const instant = localToInstant({ year: 2026, month: 3, day: 10, hour: 0, minute: 1 }, 'America/Los_Angeles');
    expect(instant.toISOString()).toBe('2026-03-10T07:01:00.000Z');
  });

  it('uses standard time in November after the change (PST, UTC-8)', () => {
    const instant = localToInstant({ year: 2026, month: 11, day: 10, hour: 0, minute: 1 }, 'America/Los_Angeles');
    expect(instant.toISOString()).toBe('2026-11-10T08:01:00.000Z');
  });

  it('refuses a time inside the spring-forward gap', () => {
    const error = validationError(() => localToInstant({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, 'America/Los_Angeles'));
    expect(error.message).toMatch(/2026-03-08 02:30 does not exist in America\/Los_Angeles/);
    expect(error.issues[0]).toMatchObject({ field: 'time' });
  });

  it('refuses a time that happens twice when the clocks fall back, and says how to disambiguate', () => {
    const error = validationError(() => localToInstant({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, 'America/Los_Angeles', 'embargo'));
    expect(error.message).toMatch(/happens twice/);
    expect(error.message).toContain('2026-11-01T01:30-07:00');
    expect(error.message).toContain('-08:00');
    expect(error.issues[0]).toMatchObject({ field: 'embargo' });
  });

  it('refuses an unknown zone and an impossible date', () => {
    expect(validationError(() => localToInstant({ year: 2026, month: 3, day: 10, hour: 0, minute: 1 }, 'Mars/Olympus')).message).toMatch(/unknown time zone/);
    expect(validationError(() => localToInstant({ year: 2026, month: 2, day: 30, hour: 0, minute: 1 }, 'UTC')).message).toMatch(/not a real date/);
  });

  it('handles zones east of UTC', () => {
    expect(localToInstant({ year: 2026, month: 7, day: 1, hour: 9, minute: 0 }, 'Europe/Paris').toISOString()).toBe('2026-07-01T07:00:00.000Z');
  });
});

describe('parseInstantInput', () => {
  it('accepts an ISO instant with Z or an offset, in zone UTC', () => {
    expect(parseInstantInput('2026-03-10T07:01:00Z')).toEqual({ until: '2026-03-10T07:01:00.000Z', zone: 'UTC' });
    expect(parseInstantInput('2026-03-10T00:01-07:00')).toEqual({ until: '2026-03-10T07:01:00.000Z', zone: 'UTC' });
  });

  it('accepts a local time followed by an IANA zone or an abbreviation', () => {
    expect(parseInstantInput('2026-03-10 00:01 America/Los_Angeles')).toEqual({ until: '2026-03-10T07:01:00.000Z', zone: 'America/Los_Angeles' });
    expect(parseInstantInput('2026-03-10 09:00 ET')).toEqual({ until: '2026-03-10T13:00:00.000Z', zone: 'America/New_York' });
  });

  it('refuses what it cannot read, naming the field', () => {
    const error = validationError(() => parseInstantInput('next Tuesday', '--until'));
    expect(error.issues[0]).toMatchObject({ field: '--until' });
    expect(validationError(() => parseInstantInput('2026-02-30T00:00:00Z')).message).toMatch(/not a real date/);
    expect(validationError(() => parseInstantInput('2026-03-10 00:01 Nowhere/Place')).message).toMatch(/unknown time zone/);
  });
});

describe('resolveZone', () => {
  it('maps the abbreviations releases use, in English and Spanish', () => {
    expect(resolveZone('PT')).toBe('America/Los_Angeles');
    expect(resolveZone('P.S.T.')).toBe('America/Los_Angeles');
    expect(resolveZone('hora del Pacífico')).toBe('America/Los_Angeles');
    expect(resolveZone('HORA DE LA MONTAÑA')).toBe('America/Denver');
    expect(resolveZone('GMT')).toBe('UTC');
    expect(resolveZone('CEST')).toBe('Europe/Paris');
    expect(resolveZone('america/new_york')).toBe('America/New_York');
    expect(resolveZone('XYZ')).toBeUndefined();
  });
});
