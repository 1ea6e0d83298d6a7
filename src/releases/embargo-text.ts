/**
 * Embargo lines as people write them:
 *   EMBARGOED UNTIL 12:01 A.M. PT, TUESDAY, MARCH 10, 2026
 *   Not for publication before 00:01 GMT, Thursday 5 February 2026
 *   EMBARGO HASTA LAS 12:01 A.M. HORA DEL PACÍFICO, MARTES 10 DE MARZO DE 2026
 *   Under embargo until March 10, 2026 at 9:00 a.m. ET
 *   Embargoed until 2026-03-10T07:01:00Z  /  2026-03-10 00:01 America/Los_Angeles
 */
import { foldZoneName, localToInstant, parseInstantInput, resolveZone, zoneAbbreviations } from '../time/zoned-time.js';
import type { Embargo } from './release.js';
import { findDate, isoDate, weekdayNames, weekdayOf } from './text-dates.js';
import { refuse } from './text-lines.js';

const EMBARGO_LEAD = new RegExp(
  [
    String.raw`^[\s*_>#\-–—]*(?:strictly\s+)?`,
    String.raw`(?:embargoed|under\s+embargo|embargo|embargado|bajo\s+embargo|no\s+publicar|hold\s+for\s+release`,
    String.raw`|not\s+(?:for|to\s+be)\s+(?:publication|published|release|released|broadcast)(?:\s+or\s+(?:publication|broadcast))?)`,
    String.raw`(?:\s+(?:until|till|til|to|through|before|hasta|antes\s+de))?(?:\s+(?:las?|el))?\s*[:\-–—]?\s*`,
  ].join(''),
  'iu',
);

/** The text after the embargo wording ("12:01 A.M. PT, …"), when `line` is an embargo line. */
export function embargoLineRest(line: string): string | undefined {
  const lead = EMBARGO_LEAD.exec(line);
  if (!lead) return undefined;
  const rest = line.slice(lead[0].length).trim();
  // "Embargo policy" in a sentence is not an embargo line: one names a time.
  return /\d|noon|midnight|mediod[ií]a|medianoche/iu.test(rest) ? rest : undefined;
}

export const isEmbargoLine = (line: string): boolean => embargoLineRest(line) !== undefined;

interface ClockTime {
  hour: number;
  minute: number;
  text: string;
}

function findClockTime(text: string): ClockTime | undefined {
  const twelveHour = /(?<![\d:.])(1[0-2]|0?[1-9])(?:[:.]([0-5]\d))?\s*([ap])\.?\s?m\b\.?/iu.exec(text);
  if (twelveHour) {
    const hour = Number(twelveHour[1]) % 12 + (twelveHour[3]!.toLowerCase() === 'p' ? 12 : 0);
    return { hour, minute: Number(twelveHour[2] ?? 0), text: twelveHour[0] };
  }
  const named = /(?:(?<!\d)12(?:[:.]00)?\s*)?(noon|midnight|mediod[ií]a|medianoche)/iu.exec(text);
  if (named) {
    // "Midnight, March 10" is taken as the midnight that starts March 10.
    return { hour: /noon|mediod/iu.test(named[1]!) ? 12 : 0, minute: 0, text: named[0] };
  }
  const twentyFourHour = /(?<![\d:.])([01]?\d|2[0-3])[:.h]([0-5]\d)(?!\d)/iu.exec(text);
  return twentyFourHour ? { hour: Number(twentyFourHour[1]), minute: Number(twentyFourHour[2]), text: twentyFourHour[0] } : undefined;
}

const abbreviationPattern = new RegExp(
  `(?<![A-Z])(?:${Object.keys(zoneAbbreviations).sort((a, b) => b.length - a.length).join('|')})(?![A-Z])`,
);

/** The zone named in `text`: an IANA name, else the first known abbreviation. */
function findZone(text: string): string | undefined {
  const iana = /\b[A-Za-z]+\/[A-Za-z_]+(?:\/[A-Za-z_]+)?\b/.exec(text)?.[0];
  const ianaZone = iana ? resolveZone(iana) : undefined;
  if (ianaZone) return ianaZone;
  const abbreviation = abbreviationPattern.exec(foldZoneName(text))?.[0];
  return abbreviation ? zoneAbbreviations[abbreviation] : undefined;
}

function parseWrittenTime(text: string, field: string): Embargo {
  const clock = findClockTime(text);
  if (!clock) throw refuse(field, `embargo "${text}" gives no time of day (e.g. "12:01 a.m. PT")`);
  const found = findDate(text);
  if (!found) throw refuse(field, `embargo "${text}" gives no date (e.g. "March 10, 2026")`);
  const { date, weekday, weekdayText } = found;
  if (!found.valid) throw refuse(field, `embargo "${text}": ${text.slice(found.index, found.index + found.length)} is not a calendar date`);
  if (weekday !== undefined && weekday !== weekdayOf(date)) {
    throw refuse(field, `embargo "${text}" says ${weekdayText}, but ${isoDate(date)} is a ${weekdayNames[weekdayOf(date)]}`);
  }
  const zone = findZone(text);
  if (!zone) {
    throw refuse(field, `embargo "${text}": the time ${clock.text.trim()} has no time zone; add one such as PT, ET, GMT or America/Los_Angeles`);
  }
  const until = localToInstant({ ...date, hour: clock.hour, minute: clock.minute }, zone, field);
  return { until: until.toISOString(), zone };
}

/**
 * Parse an embargo, with or without its "Embargoed until" wording, in any form listed above.
 * Throws a VALIDATION `AppError` naming `field`: no time, no zone, no date, a weekday that
 * does not match the date, or a local time that does not exist or happens twice.
 */
export function parseEmbargo(text: string, field = 'embargo'): Embargo {
  const rest = (embargoLineRest(text) ?? text).trim();
  if (/^\d{4}-\d{2}-\d{2}[T ]\d/.test(rest)) return parseInstantInput(rest, field);
  return parseWrittenTime(rest, field);
}

/** An embargo that has already passed is lifted: drop it and say so. */
export function liftPastEmbargo(embargo: Embargo | undefined, now: Date): { embargo?: Embargo; warnings: string[] } {
  if (!embargo || Date.parse(embargo.until) > now.getTime()) return { embargo, warnings: [] };
  return {
    warnings: [`The embargo (until ${embargo.until}, written in ${embargo.zone}) has already passed; the release is treated as public.`],
  };
}
