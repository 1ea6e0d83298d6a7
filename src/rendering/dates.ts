/**
 * Dates and instants as a release shows them, per template language.
 * Assembled from `formatToParts` because whole-string formats vary between ICU versions
 * ("March 10, 2026 at 12:01 AM", narrow no-break spaces) and we want one stable wording.
 */
import type { TemplateLanguage } from '../i18n/languages.js';
import type { Embargo } from '../releases/release.js';

type Parts = Partial<Record<Intl.DateTimeFormatPartTypes, string>>;

function partsOf(date: Date, locale: string, options: Intl.DateTimeFormatOptions): Parts {
  const parts: Parts = {};
  for (const p of new Intl.DateTimeFormat(locale, options).formatToParts(date)) parts[p.type] = p.value;
  return parts;
}

const longDate: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'long', day: 'numeric' };

function dateWords(p: Parts, language: TemplateLanguage): string {
  return language === 'es' ? `${p.day} de ${p.month} de ${p.year}` : `${p.month} ${p.day}, ${p.year}`;
}

/** A calendar date (`YYYY-MM-DD`): "March 10, 2026" / "10 de marzo de 2026". */
export function formatDate(isoDate: string, language: TemplateLanguage): string {
  const p = partsOf(new Date(`${isoDate}T12:00:00Z`), language, { ...longDate, timeZone: 'UTC' });
  return dateWords(p, language);
}

/**
 * An instant in a zone: "Tuesday, March 10, 2026, 12:01 AM PDT" / "martes 10 de marzo de 2026, 00:01 PDT".
 * The zone abbreviation always comes from English: Spanish ICU data names Pacific time "GMT-7".
 */
export function formatInstant(instant: Date, zone: string, language: TemplateLanguage): string {
  const zoneName = partsOf(instant, 'en-US', { timeZone: zone, timeZoneName: 'short' }).timeZoneName;
  if (language === 'es') {
    const p = partsOf(instant, 'es', { ...longDate, weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone });
    return `${p.weekday} ${dateWords(p, language)}, ${p.hour}:${p.minute} ${zoneName}`;
  }
  const p = partsOf(instant, 'en-US', { ...longDate, weekday: 'long', hour: 'numeric', minute: '2-digit', hour12: true, timeZone: zone });
  return `${p.weekday}, ${dateWords(p, language)}, ${p.hour}:${p.minute} ${p.dayPeriod} ${zoneName}`;
}

/**
 * The same instant in UTC: "07:01 UTC", with the date added when the UTC calendar day
 * differs from the day in the release's zone ("00:01 UTC, March 11, 2026").
 */
export function formatUtcTime(instant: Date, zone: string, language: TemplateLanguage): string {
  const utc = partsOf(instant, 'en-US', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });
  const time = `${utc.hour}:${utc.minute} UTC`;
  const dayIn = (timeZone: string) => instant.toLocaleDateString('en-CA', { timeZone });
  return dayIn('UTC') === dayIn(zone) ? time : `${time}, ${formatDate(dayIn('UTC'), language)}`;
}

/** An embargo as every notice writes it: "Tuesday, March 10, 2026, 12:01 AM PDT (07:01 UTC)". */
export function formatEmbargoTime(embargo: Embargo, language: TemplateLanguage): string {
  const instant = new Date(embargo.until);
  return `${formatInstant(instant, embargo.zone, language)} (${formatUtcTime(instant, embargo.zone, language)})`;
}
