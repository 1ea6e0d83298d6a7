import { describe, expect, it } from 'vitest';
import { formatDate, formatInstant, formatUtcTime } from '../../../src/rendering/dates.js';

const embargo = new Date('2026-03-10T07:01:00.000Z');
const la = 'America/Los_Angeles';

describe('dates', () => {
  it('writes an instant in its zone, in English and in Spanish', () => {
    expect(formatInstant(embargo, la, 'en')).toBe('Tuesday, March 10, 2026, 12:01 AM PDT');
    expect(formatInstant(embargo, la, 'es')).toBe('martes 10 de marzo de 2026, 00:01 PDT');
  });

  it('names winter time and other zones', () => {
    expect(formatInstant(new Date('2026-01-15T17:30:00Z'), la, 'en')).toBe('Thursday, January 15, 2026, 9:30 AM PST');
    expect(formatInstant(new Date('2026-01-15T17:30:00Z'), 'America/New_York', 'es')).toBe('jueves 15 de enero de 2026, 12:30 EST');
  });

  it('writes the same instant in UTC, adding the date when the day differs', () => {
    expect(formatUtcTime(embargo, la, 'en')).toBe('07:01 UTC');
    expect(formatUtcTime(new Date('2026-03-11T00:30:00Z'), la, 'en')).toBe('00:30 UTC, March 11, 2026');
    expect(formatUtcTime(new Date('2026-03-11T00:30:00Z'), la, 'es')).toBe('00:30 UTC, 11 de marzo de 2026');
  });

  it('writes a calendar date without shifting it through a zone', () => {
    expect(formatDate('2026-03-10', 'en')).toBe('March 10, 2026');
    expect(formatDate('2026-03-10', 'es')).toBe('10 de marzo de 2026');
    expect(formatDate('2026-01-01', 'en')).toBe('January 1, 2026');
  });
});
