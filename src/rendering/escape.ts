/** Escaping and URL checks shared by everything that writes HTML. */

const htmlEntities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escape for HTML text and for double- or single-quoted attribute values alike. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => htmlEntities[c] ?? c);
}

const safeSchemes = new Set(['http:', 'https:', 'mailto:']);

/** True for absolute http(s) and mailto URLs: the only links an email may carry. */
export function isSafeHref(value: string): boolean {
  if (/[\s<>"]/.test(value) || !URL.canParse(value)) return false;
  return safeSchemes.has(new URL(value).protocol);
}

/** True for absolute http(s) URLs: pages a reader can open (unsubscribe, website, web version). */
export const isWebUrl = (value: string): boolean => /^https?:/i.test(value) && isSafeHref(value);

/** A deliberately simple address check: enough to decide whether to make a mailto link. */
export function looksLikeEmail(value: string): boolean {
  return /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(value);
}

/** Every value of a record of plain text, escaped for HTML. */
export function escapeAll(values: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, escapeHtml(value)]));
}
