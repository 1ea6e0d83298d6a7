import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { isEmbargoLine, liftPastEmbargo, parseEmbargo } from '../../../src/releases/embargo-text.js';

function refusal(text: string): string {
  try {
    parseEmbargo(text);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).issues[0]?.field).toBe('embargo');
    return (error as AppError).message;
  }
  throw new Error(`expected "${text}" to be refused`);
}

describe('parseEmbargo', () => {
  it.each([
    ['EMBARGOED UNTIL 12:01 A.M. PT, TUESDAY, MARCH 10, 2026', '2026-03-10T07:01:00.000Z', 'America/Los_Angeles'],
    ['Embargoed until 00:01 GMT, Thursday 5 February 2026', '2026-02-05T00:01:00.000Z', 'UTC'],
    ['Not for publication before 00:01 GMT, Thursday 5 February 2026', '2026-02-05T00:01:00.000Z', 'UTC'],
    ['EMBARGO HASTA LAS 12:01 A.M. HORA DEL PACÍFICO, MARTES 10 DE MARZO DE 2026', '2026-03-10T07:01:00.000Z', 'America/Los_Angeles'],
    ['Under embargo until March 10, 2026 at 9:00 a.m. ET', '2026-03-10T13:00:00.000Z', 'America/New_York'],
    ['Embargoed until 2026-03-10T07:01:00Z', '2026-03-10T07:01:00.000Z', 'UTC'],
    ['Embargoed until 2026-03-10 00:01 America/Los_Angeles', '2026-03-10T07:01:00.000Z', 'America/Los_Angeles'],
    ['EMBARGOED: 6 p.m. CST, Nov. 10, 2026', '2026-11-11T00:00:00.000Z', 'America/Chicago'],
    ['Embargoed until noon BST, 1 July 2026', '2026-07-01T11:00:00.000Z', 'Europe/London'],
    ['12:01 a.m. PT, Tuesday, November 10, 2026', '2026-11-10T08:01:00.000Z', 'America/Los_Angeles'],
  ])('reads %s', (text, until, zone) => {
    expect(parseEmbargo(text)).toEqual({ until, zone });
  });

  it('refuses a weekday that does not match the date, saying so', () => {
    expect(refusal('EMBARGOED UNTIL 12:01 A.M. PT, WEDNESDAY, MARCH 10, 2026')).toMatch(/says WEDNESDAY, but 2026-03-10 is a Tuesday/);
    expect(refusal('EMBARGO HASTA LAS 12:01 A.M. HORA DEL PACÍFICO, LUNES 10 DE MARZO DE 2026')).toMatch(/says LUNES/);
  });

  it('refuses a time without a zone', () => {
    expect(refusal('EMBARGOED UNTIL 12:01 A.M., TUESDAY, MARCH 10, 2026')).toMatch(/time 12:01 A\.M\. has no time zone/);
  });

  it('refuses an embargo without a time or without a date', () => {
    expect(refusal('Embargoed until March 10, 2026')).toMatch(/no time of day/);
    expect(refusal('Embargoed until 9:00 a.m. ET')).toMatch(/no date/);
  });

  it('refuses local times that do not exist or happen twice', () => {
    expect(refusal('Embargoed until 2:30 a.m. PT, March 8, 2026')).toMatch(/does not exist/);
    expect(refusal('Embargoed until 1:30 a.m. PT, November 1, 2026')).toMatch(/happens twice/);
  });
});

describe('isEmbargoLine', () => {
  it('recognises embargo wording that names a time, not sentences about embargoes', () => {
    expect(isEmbargoLine('EMBARGOED UNTIL 12:01 A.M. PT, TUESDAY, MARCH 10, 2026')).toBe(true);
    expect(isEmbargoLine('Not for publication before 00:01 GMT, Thursday 5 February 2026')).toBe(true);
    expect(isEmbargoLine('Embargo policy for journalists')).toBe(false);
    expect(isEmbargoLine('The embargo lifts at noon.')).toBe(false);
  });
});

describe('liftPastEmbargo', () => {
  const embargo = { until: '2026-03-10T07:01:00.000Z', zone: 'America/Los_Angeles' };

  it('keeps an embargo that is still ahead', () => {
    expect(liftPastEmbargo(embargo, new Date('2026-03-01T00:00:00Z'))).toEqual({ embargo, warnings: [] });
  });

  it('drops an embargo that has passed, with a warning', () => {
    const lifted = liftPastEmbargo(embargo, new Date('2026-04-01T00:00:00Z'));
    expect(lifted.embargo).toBeUndefined();
    expect(lifted.warnings).toEqual([expect.stringMatching(/already passed/)]);
  });
});
