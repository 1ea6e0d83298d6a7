/** English or Spanish, by counting each language's commonest words. */

const spanishWords = new Set([
  'el', 'la', 'los', 'las', 'de', 'del', 'que', 'y', 'en', 'por', 'para', 'con', 'una', 'un', 'es', 'se', 'su', 'sus',
  'al', 'como', 'más', 'sin', 'sobre', 'fue', 'han', 'hoy', 'este', 'esta',
]);
const englishWords = new Set([
  'the', 'and', 'of', 'to', 'in', 'is', 'for', 'that', 'with', 'on', 'was', 'are', 'by', 'as', 'this', 'from',
  'at', 'be', 'has', 'have', 'will', 'today', 'it', 'its',
]);

/** "es" when Spanish stop words outnumber English ones, else "en". */
export function detectLanguage(text: string): 'en' | 'es' {
  let spanish = 0;
  let english = 0;
  for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) {
    if (spanishWords.has(word)) spanish++;
    if (englishWords.has(word)) english++;
  }
  return spanish > english ? 'es' : 'en';
}
