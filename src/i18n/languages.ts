/**
 * Languages Presswire writes fixed text in, and how people name them in spreadsheets.
 * A release may be written in any BCP 47 language; fixed template text falls back to English.
 */
export const templateLanguages = ['en', 'es'] as const;
export type TemplateLanguage = (typeof templateLanguages)[number];

const names: Record<string, string> = {
  en: 'en', eng: 'en', english: 'en', ingles: 'en', 'inglés': 'en',
  es: 'es', spa: 'es', spanish: 'es', espanol: 'es', 'español': 'es', castellano: 'es',
  fr: 'fr', fra: 'fr', french: 'fr', 'français': 'fr', francais: 'fr',
  pt: 'pt', por: 'pt', portuguese: 'pt', 'português': 'pt', portugues: 'pt',
  zh: 'zh', chinese: 'zh', mandarin: 'zh',
  vi: 'vi', vietnamese: 'vi',
  ko: 'ko', korean: 'ko',
  tl: 'tl', tagalog: 'tl', filipino: 'tl',
  ar: 'ar', arabic: 'ar',
  ht: 'ht', 'haitian creole': 'ht', kreyol: 'ht',
};

/**
 * Normalize a language as written by people ("Spanish", "es-MX", "EN") to a
 * lowercase primary subtag ("es", "en"). Returns undefined when unrecognised.
 */
export function normalizeLanguage(value: string | undefined | null): string | undefined {
  if (!value) return undefined;
  const v = value.trim().toLowerCase();
  if (!v) return undefined;
  if (names[v]) return names[v];
  const primary = /^([a-z]{2,3})(?:[-_][a-z0-9]{2,8})*$/.exec(v)?.[1];
  if (primary && names[primary]) return names[primary];
  return undefined;
}

/** The language fixed template text is written in for a given content language. */
export function templateLanguageFor(language: string | undefined): TemplateLanguage {
  const l = normalizeLanguage(language);
  return (templateLanguages as readonly string[]).includes(l ?? '') ? (l as TemplateLanguage) : 'en';
}
