/**
 * First pass over pasted text: normalise characters, drop the web page around the release
 * (navigation, share buttons, view counters, cookie notices) and stop at the end of it.
 */
import { findDate } from './text-dates.js';
import type { Line } from './text-lines.js';

/** Characters that differ between a web page, a word processor and a keyboard. */
export function normalizeCharacters(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .normalize('NFC')
    .replace(/[\u00A0\u2007\u202F\u2009\u200A\u3000]/g, ' ')
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')
    .replace(/[\u2010\u2011\u2012\u2043\u2212]/g, '-')
    .replace(/\u2015/g, '—')
    .replace(/\t/g, '  ');
}

const chromeLines: RegExp[] = [
  /^(?:top|bottom) of (?:the )?page$/i,
  /^(?:skip|jump) to (?:the )?(?:main )?(?:content|navigation)$/i,
  /^skip navigation$/i,
  /^\d[\d,.]*\s*views?(?:\s*\d[\d,.]*\s*comments?)?$/i,
  /^\d[\d,.]*\s*(?:comments?|likes?|shares?|views?|vistas|comentarios)$/i,
  /^\d+\s*min(?:ute)?s?\.?\s+read$/i,
  /^(?:page\s+)?\d+\s+(?:of|de)\s+\d+$|^p[aá]gina\s+\d+(?:\s+de\s+\d+)?$|^page\s+\d+$|^-\s*\d+\s*-$/i,
  /^(?:share|share this|share (?:this|the) (?:post|article|page|story|release|news)|share on \w+|tweet|print|print this(?: page| article)?|email this|copy link|link copied|download(?: as)? pdf|download|see all|view all|read more|load more|previous post|next post|older posts|newer posts|leave a comment|post not marked as liked|writer'?s picture|compartir|imprimir|ver todo|leer más)$/i,
  /^(?:←\s*)?(?:back|go back|return|volver)(?: to (?:news|press releases|newsroom|blog|the blog|all (?:news|posts|releases)|top))?$/i,
  /^(?:menu|search|close|open menu|log ?in|sign ?in|sign up|subscribe|donate|donate now|home|inicio|buscar|news|newsroom|blog|press room|media room|noticias|sala de prensa)$/i,
  /^SOURCE\s+\S/,
  /^(?:home|inicio)\s*[>/›»|]/i,
  /^(?:tags?|categor(?:y|ies)|filed under|posted in|etiquetas|categorías)\s*:/i,
  /(?:this (?:web)?site|we) uses? cookies|cookie (?:policy|settings|preferences|consent)|accept (?:all )?cookies|utiliza(?:mos)? cookies/i,
  /^(?:accept|accept all|reject all|decline|got it|i agree|manage preferences|aceptar|rechazar)$/i,
];

const socialWords = new Set([
  'facebook', 'twitter', 'x', 'linkedin', 'instagram', 'youtube', 'email', 'e-mail', 'whatsapp', 'reddit',
  'pinterest', 'threads', 'bluesky', 'mastodon', 'tiktok', 'telegram', 'messenger', 'sms', 'print', 'share',
  'tweet', 'copy', 'link', 'pin', 'it', 'on', 'via', 'compartir', 'en', 'correo',
]);

/** "Facebook Twitter LinkedIn", "Share on X | Email": a row of share buttons. */
function isShareButtonRow(line: string): boolean {
  const words = line.toLowerCase().split(/[\s|,•·/]+/).filter(Boolean);
  return words.length > 0 && words.length <= 12 && words.every((w) => socialWords.has(w));
}

/** "Updated: Sep 23, 2022": when the page was edited, not when the release went out. */
function isUpdateStamp(line: string): boolean {
  const stamp = /^(?:last\s+)?(?:updated|modified|edited|actualizado)(?:\s+on)?\s*:?\s+(.+)$/iu.exec(line)?.[1];
  return stamp !== undefined && (findDate(stamp)?.index === 0 || /^\d{1,2}[/.:-]\d/u.test(stamp) || /^\d+\s+\w+\s+ago$/iu.test(stamp));
}

const isChromeLine = (line: string): boolean => {
  const text = line.trim();
  return text.length < 300 && (chromeLines.some((re) => re.test(text)) || isShareButtonRow(text) || isUpdateStamp(text));
};

/** After these the page lists other posts: nothing below belongs to the release. */
const pageTail =
  /^(?:recent posts|related(?: posts| news| articles| stories| content| releases)?|more news|more (?:from|stories|releases).{0,40}|you may also like|latest news|read next|más noticias|noticias relacionadas|artículos relacionados|publicaciones recientes|entradas recientes)\s*:?$/i;

/** "###", "# # #", "-30-", "-ENDS-", "ENDS": the writer's end of the release. */
const endMark = /^(?:(?:#\s*){3,}|[-–—]\s*30\s*[-–—]|[-–—]?\s*(?:ENDS?|FIN)\s*[-–—]?)$/;

const isEndMark = (line: string): boolean => endMark.test(line.trim());

export interface CleanText {
  /** The release itself, chrome removed. */
  lines: Line[];
  /** What followed an end mark: only contacts and "About" sections are taken from it. */
  afterEnd: Line[];
}

/** Number the lines, drop chrome, and split off what comes after the end of the release. */
export function cleanPastedText(text: string): CleanText {
  const lines: Line[] = normalizeCharacters(text)
    .split('\n')
    .map((raw, i) => ({ text: raw.trimEnd(), number: i + 1 }));
  const kept: Line[] = [];
  let afterEnd: Line[] | undefined;
  let seenText = false;
  for (const line of lines) {
    const text = line.text.trim();
    if (seenText && pageTail.test(text)) break;
    if (!afterEnd && seenText && isEndMark(text)) {
      afterEnd = [];
      continue;
    }
    if (isChromeLine(text)) continue;
    (afterEnd ?? kept).push(line);
    seenText ||= text !== '';
  }
  return { lines: kept, afterEnd: afterEnd ?? [] };
}
