/** Instants as people read them, in the interface language: in a given zone (an embargo's own), else UTC. */
import type { Locale } from './i18n/index.js';

export function formatInstant(locale: Locale, at: string | number, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' }).format(new Date(at));
}

/** A calendar date (YYYY-MM-DD) without any zone shifting it. */
export function formatDate(locale: Locale, isoDate: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}
