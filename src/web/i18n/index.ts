/** The interface language of a request: the first of ours that Accept-Language names (by weight), else English. */
import { en, type Messages } from './en.js';
import { es } from './es.js';
import type { Locale } from './locale.js';

export type { Locale };
const catalogs: Record<Locale, Messages> = { en, es };

export function localeFor(acceptLanguage: string | undefined): Locale {
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { primary: tag.split('-')[0]!, q: q === undefined ? 1 : Number(q) };
    })
    .filter((w) => w.q > 0)
    .sort((a, b) => b.q - a.q);
  return wanted.map((w) => w.primary).find((p): p is Locale => Object.hasOwn(catalogs, p)) ?? 'en';
}

export const messagesFor = (locale: Locale): Messages => catalogs[locale];
