/** Instants as people read them, in the interface language: in a given zone (an embargo's own), else UTC. */
import type { Locale } from './i18n/locale.js';

export function formatInstant(locale: Locale, at: string | number, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' }).format(new Date(at));
}

/** A calendar date (YYYY-MM-DD) without any zone shifting it. */
export function formatDate(locale: Locale, isoDate: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}

export function formatNumber(locale: Locale, n: number, fractionDigits = 0): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: fractionDigits }).format(n);
}

/** An instant as a time, a date and a place, in its zone ("9:00", "Mar 10, 2031", "Los Angeles"), for sentences. */
export function timeInZone(locale: Locale, at: string | number, timeZone: string): { time: string; date: string; place: string } {
  const part = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { ...options, timeZone }).format(new Date(at));
  return { time: part({ hour: 'numeric', minute: '2-digit' }), date: part({ dateStyle: 'medium' }), place: timeZone.split('/').at(-1)!.replace(/_/g, ' ') };
}

/** A language code in words, in the interface language ("es" → "Spanish"); the code itself if unknown. */
export function languageName(locale: Locale, code: string): string {
  try {
    return new Intl.DisplayNames(locale, { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
