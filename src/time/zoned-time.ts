/**
 * Wall-clock times in IANA zones, converted with `Intl` alone.
 *
 * An embargo is written as a local time ("12:01 a.m. PT"); we store the instant. A local
 * time can fail to exist (spring forward) or exist twice (fall back): both are refused
 * rather than guessed, because a wrong guess breaks an embargo by an hour.
 */
import { invalid } from '../errors.js';

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** An embargo-shaped instant: ISO 8601 in UTC plus the zone it was written in. */
export interface ZonedInstant {
  until: string;
  zone: string;
}

/**
 * Zone names people write in releases, keyed in upper case without accents or dots.
 * An abbreviation names a zone, not an offset: "PST" on a summer date still means Pacific time.
 */
export const zoneAbbreviations: Readonly<Record<string, string>> = {
  PT: 'America/Los_Angeles', PST: 'America/Los_Angeles', PDT: 'America/Los_Angeles',
  'PACIFIC TIME': 'America/Los_Angeles', PACIFIC: 'America/Los_Angeles',
  ET: 'America/New_York', EST: 'America/New_York', EDT: 'America/New_York',
  'EASTERN TIME': 'America/New_York', EASTERN: 'America/New_York',
  CT: 'America/Chicago', CST: 'America/Chicago', CDT: 'America/Chicago',
  'CENTRAL TIME': 'America/Chicago', CENTRAL: 'America/Chicago',
  MT: 'America/Denver', MST: 'America/Denver', MDT: 'America/Denver',
  'MOUNTAIN TIME': 'America/Denver', MOUNTAIN: 'America/Denver',
  GMT: 'UTC', UTC: 'UTC', Z: 'UTC',
  BST: 'Europe/London', 'UK TIME': 'Europe/London',
  CET: 'Europe/Paris', CEST: 'Europe/Paris',
  'HORA DEL PACIFICO': 'America/Los_Angeles',
  'HORA DEL ESTE': 'America/New_York',
  'HORA DEL CENTRO': 'America/Chicago',
  'HORA DE LA MONTANA': 'America/Denver',
};

/** Upper case, no accents, no dots, single spaces: the key form of `zoneAbbreviations`. */
export function foldZoneName(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/\./g, '').replace(/\s+/g, ' ').trim().toUpperCase();
}

const ianaShape = /^[A-Za-z][A-Za-z0-9_+\-]*(?:\/[A-Za-z0-9_+\-]+)*$/;

/**
 * The runtime's canonical name for an IANA zone or link ("US/Pacific" → "America/Los_Angeles",
 * "UTC"); undefined for anything else. The shape check keeps out what Intl accepts but IANA
 * does not name, such as offsets ("+05:00").
 */
export function canonicalZone(name: string): string | undefined {
  if (!ianaShape.test(name)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined; // RangeError: not a zone this runtime knows
  }
}

/** The canonical IANA name for an IANA zone or a known abbreviation; undefined when unknown. */
export function resolveZone(name: string): string | undefined {
  return zoneAbbreviations[foldZoneName(name)] ?? canonicalZone(name.trim());
}

const refuse = (field: string, message: string) => invalid(message, [{ field, message }]);

function requireZone(zone: string, field: string): string {
  const resolved = resolveZone(zone);
  if (!resolved) {
    throw refuse(field, `unknown time zone "${zone}"; use an IANA name such as America/Los_Angeles, or PT, ET, CT, MT, GMT`);
  }
  return resolved;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

const formatLocal = (t: LocalDateTime): string =>
  `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}`;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function assertRealLocalTime(t: LocalDateTime, field: string): void {
  const ok =
    Number.isInteger(t.year) && t.year >= 1 && t.year <= 9999 &&
    Number.isInteger(t.month) && t.month >= 1 && t.month <= 12 &&
    Number.isInteger(t.day) && t.day >= 1 && t.day <= daysInMonth(t.year, t.month) &&
    Number.isInteger(t.hour) && t.hour >= 0 && t.hour <= 23 &&
    Number.isInteger(t.minute) && t.minute >= 0 && t.minute <= 59;
  if (!ok) throw refuse(field, `${formatLocal(t)} is not a real date and time`);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClockFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall clock in `zone` at instant `ms`, as if that wall clock were UTC (ms). */
function wallClockAsUtc(zone: string, ms: number): number {
  const parts: Record<string, number> = {};
  for (const p of wallClockFormatter(zone).formatToParts(ms)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!);
}

const offsetAt = (zone: string, ms: number): number => wallClockAsUtc(zone, ms) - Math.floor(ms / 60_000) * 60_000;

function formatOffset(offsetMs: number): string {
  const minutes = Math.round(offsetMs / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/**
 * The instant a wall-clock time in `zone` denotes. Throws a VALIDATION `AppError` when the
 * zone is unknown, the time falls in a daylight-saving gap, or it happens twice.
 */
export function localToInstant(local: LocalDateTime, zone: string, field = 'time'): Date {
  const tz = requireZone(zone, field);
  assertRealLocalTime(local, field);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  // Zone offsets never change twice within two days, so the offsets a day either side
  // are the only candidates; keep those that really show this wall clock.
  const day = 86_400_000;
  const offsets = new Set([offsetAt(tz, asUtc - day), offsetAt(tz, asUtc + day)]);
  const matches = [...offsets].map((o) => asUtc - o).filter((ms) => wallClockAsUtc(tz, ms) === asUtc);
  const when = formatLocal(local);
  if (matches.length === 0) {
    throw refuse(field, `${when} does not exist in ${tz}: the clocks spring forward over it (daylight saving time begins); pick a time outside the gap`);
  }
  if (matches.length > 1) {
    const [first, second] = matches.sort((a, b) => a - b).map((ms) => formatOffset(asUtc - ms));
    throw refuse(field, `${when} happens twice in ${tz} (the clocks fall back); write it with its UTC offset, e.g. ${when.replace(' ', 'T')}${first} for the first or ${second} for the second`);
  }
  return new Date(matches[0]!);
}

const isoInstant = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?\s?(Z|[+-]\d{2}:?\d{2})$/i;
const localWithZone = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})\s+(\S.*)$/;

/**
 * Parse an instant typed by a person: an ISO 8601 instant with `Z` or an offset
 * ("2026-03-10T07:01:00Z", zone "UTC"), or "YYYY-MM-DD HH:MM <zone>" with an IANA zone
 * or a known abbreviation ("2026-03-10 00:01 America/Los_Angeles").
 */
export function parseInstantInput(text: string, field = 'time'): ZonedInstant {
  const input = text.trim();
  const iso = isoInstant.exec(input);
  if (iso) {
    const [, y, mo, d, h, mi] = iso;
    assertRealLocalTime({ year: +y!, month: +mo!, day: +d!, hour: +h!, minute: +mi! }, field);
    const ms = Date.parse(input.replace(' ', 'T').replace(/\s/g, ''));
    if (Number.isNaN(ms)) throw refuse(field, `"${input}" is not a valid instant`);
    return { until: new Date(ms).toISOString(), zone: 'UTC' };
  }
  const local = localWithZone.exec(input);
  if (local) {
    const [, y, mo, d, h, mi, zoneName] = local;
    const zone = requireZone(zoneName!, field);
    const instant = localToInstant({ year: +y!, month: +mo!, day: +d!, hour: +h!, minute: +mi! }, zone, field);
    return { until: instant.toISOString(), zone };
  }
  throw refuse(field, `"${input}" is not a time; write 2026-03-10T07:01:00Z or "2026-03-10 00:01 America/Los_Angeles"`);
}
