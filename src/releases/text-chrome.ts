/**
 * First pass over pasted text: normalise characters, drop the web page around the release
 * (navigation, share buttons, view counters, cookie notices) and stop at the end of it.
 */
import { findDate } from './text-dates.js';
import { continuesLine, type Line } from './text-lines.js';

/**
 * Windows-1252 punctuation as it arrives when the text was read as Latin-1: U+0080–U+009F
 * stand for the code page's curly quotes, dashes and bullets (unused positions are dropped).
 */
const windows1252 = '€ ‚ƒ„…†‡ˆ‰Š‹Œ Ž  ‘’“”•–—˜™š›œ žŸ';
const fromWindows1252 = (control: string): string => windows1252[control.charCodeAt(0) - 0x80]!.trim();

/** Characters that differ between a web page, a word processor and a keyboard. */
export function normalizeCharacters(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0080-\u009F]/g, fromWindows1252)
    .normalize('NFC')
    .replace(/[\u00A0\u2007\u202F\u2009\u200A\u3000]/g, ' ')
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')
    .replace(/[\u2010\u2011\u2012\u2043\u2212]/g, '-')
    .replace(/\u2015/g, '—')
    // A typewriter's dash: "the trail -- closed since 2023 -- reopened".
    .replace(/(?<=\S) -- (?=\S)/g, ' — ')
    .replace(/\t/g, '  ');
}

/** Whole lines of page furniture; a trailing colon ("Share this:") does not matter. */
const chromePhrases = [
  String.raw`(?:top|bottom) of (?:the )?page|(?:skip|jump) to (?:the )?(?:main )?(?:content|navigation)|skip navigation`,
  String.raw`share(?: this)?(?: (?:post|article|page|story|release|news|item))?|share (?:on|via|to) [\w ]{1,20}|tweet(?: this)?`,
  // A share button's label as copied without its icon's space: "Share toX", "Share toFacebook".
  String.raw`share ?(?:on|via|to) ?(?:x|twitter|facebook|linkedin|whatsapp|reddit|pinterest|threads|bluesky|mastodon|telegram|e-?mail)`,
  String.raw`print(?: this)?(?: (?:page|article|story|release))?|print(?:er)?[- ]friendly(?: version)?|e-?mail this(?: (?:page|article|story))?`,
  String.raw`follow(?: us)?(?: on [\w ]{1,30})?|connect with us|stay connected|s[ií]guenos(?: en [\w ]{1,30})?|compartir(?: en \w+| este (?:art[ií]culo|comunicado))?|imprimir`,
  String.raw`copy link|link copied|download(?: as)?(?: pdf)?|see all|view all|read more|load more|ver todo|leer más`,
  String.raw`previous (?:post|article)|next (?:post|article)|older posts|newer posts|leave a comment|post not marked as liked|writer'?s picture`,
  String.raw`(?:←\s*)?(?:back|go back|return|volver)(?: to (?:news|press releases|newsroom|blog|the blog|all (?:news|posts|releases)|top))?`,
  String.raw`menu|search|close|open menu|log ?in|sign ?in|sign up|subscribe|donate|donate now|home|inicio|buscar|news|newsroom|blog|press room|media room|noticias|sala de prensa`,
  String.raw`accept|accept all|reject all|decline|got it|i agree|manage preferences|aceptar|rechazar`,
];

const chromeLines: RegExp[] = [
  new RegExp(String.raw`^(?:${chromePhrases.join('|')})\s*:?$`, 'iu'),
  /^\d[\d,.]*\s*views?(?:\s*\d[\d,.]*\s*comments?)?$/i,
  /^\d[\d,.]*\s*(?:comments?|likes?|shares?|views?|vistas|comentarios)$/i,
  /^\d+\s*min(?:ute)?s?\.?\s+read$/i,
  /^(?:home|inicio)\s*[>/›»|]/i,
  /^(?:tags?|categor(?:y|ies)|filed under|posted in|etiquetas|categorías)\s*:/i,
  // Without a colon only a list of capitalised categories: "filed under seal in…" is a sentence.
  /^(?:Filed under|Posted in|Publicado en)\s+\p{Lu}[\p{L}&' -]*(?:\s*[,|/•·]\s*\p{Lu}[\p{L}&' -]*)*$/u,
  /^(?:©|\(c\)\s|copyright\s+(?:©\s*)?\d{4}\b)/i,
  /(?:this (?:web)?site|we) uses? cookies|cookie (?:policy|settings|preferences|consent)|accept (?:all )?cookies|utiliza(?:mos)? cookies/i,
  // Wire services: "View original content…", "View source version on …".
  /^view (?:original content|source version)\b/i,
];

/**
 * "-more-", "(more)", "- MÁS -", "MORE", "Page 2 of 3", "- 2 -": where a printed page breaks. A
 * bare lower-case "more." is the end of a wrapped sentence, not a mark.
 */
const pageMarks = [
  /^[-–—(\[]\s*(?:more|m[aá]s|sigue|continued|cont['’]?d)\s*[-–—)\]]?$/iu,
  /^(?:MORE|M[AÁ]S|SIGUE)$/u,
  /^(?:page\s+)?\d+\s+(?:of|de)\s+\d+$|^p[aá]gina\s+\d+(?:\s+de\s+\d+)?$|^page\s+\d+$|^-\s*\d+\s*-$/i,
];

const isPageMark = (line: string): boolean => pageMarks.some((re) => re.test(line));

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

/**
 * After these the page lists other posts: nothing below belongs to the release. A wire's copy
 * ends at its "SOURCE Acme Corp" line; the wire's page goes on with its own offers and sidebars.
 */
const pageTails = [
  /^(?:recent posts|related(?: posts| news| articles| stories| content| releases)?|more news|more (?:news )?(?:from|stories|releases).{0,80}|you may also like|latest news|read next|más noticias|noticias relacionadas|artículos relacionados|publicaciones recientes|entradas recientes)\s*:?$/i,
  /^(?:want your company['’]s news featured on \S+|also from this source|#?hashtags|social media profiles)\s*[?:]?$/i,
  /^(?:SOURCE|FUENTE)\s+\S/,
];

const isPageTail = (line: string): boolean => pageTails.some((re) => re.test(line));

/** "###", "# # #", "-30-", "-ENDS-", "ENDS": the writer's end of the release. */
const endMark = /^(?:(?:#\s*){3,}|[-–—]\s*30\s*[-–—]|[-–—]?\s*(?:ENDS?|FIN)\s*[-–—]?)$/;

const isEndMark = (line: string): boolean => endMark.test(line.trim());

/**
 * A sentence cut by a page break carries on after it ("…grants, which" / "-more-" / "will be
 * open…"): drop the blank lines the break left, so the paragraph is whole again.
 */
function mendPageBreak(kept: Line[], next: string): void {
  let end = kept.length;
  while (end > 0 && !kept[end - 1]!.text.trim()) end--;
  const last = kept[end - 1];
  if (last && continuesLine(last.text.trim(), next)) kept.length = end;
}

export interface CleanText {
  /** The release itself, chrome removed. */
  lines: Line[];
  /** What followed an end mark: read as notes to editors (text-notes). */
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
  let pageBreak = false;
  for (const line of lines) {
    const text = line.text.trim();
    if (seenText && isPageTail(text)) break;
    if (!afterEnd && seenText && isEndMark(text)) {
      afterEnd = [];
      continue;
    }
    if (isPageMark(text)) {
      pageBreak = true;
      continue;
    }
    if (isChromeLine(text)) continue;
    if (pageBreak && text) {
      mendPageBreak(afterEnd ?? kept, text);
      pageBreak = false;
    }
    (afterEnd ?? kept).push(line);
    seenText ||= text !== '';
  }
  return { lines: kept, afterEnd: afterEnd ?? [] };
}
