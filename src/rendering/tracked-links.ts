/**
 * Open and click tracking, applied to a render once per variant: every http(s) href of the
 * HTML part becomes a `link<n>` slot and an open pixel slot is put before </body>, so that
 * per recipient tracking stays substitution (personalize.ts fills the slots with the
 * recipient's redirect and pixel URLs, or with the direct links when they are not tracked).
 *
 * Only the HTML part is tracked. The text part keeps every URL as written: it is what
 * journalists copy into their own articles and notes, and a tracked URL pasted there would
 * count strangers' clicks as theirs and publish their token.
 *
 * Hrefs that are slots already (unsubscribe, "read online") are not http(s) at this point,
 * so they are never wrapped; mailto: and tel: links are not web links and stay as they are.
 */
import { isWebUrl } from './escape.js';
import { linkSlot, slotToken, type RenderedEmail } from './slots.js';

// Our HTML (templates, sanitize-html, linksHtml) quotes every attribute with double quotes.
const anchorHref = /(<a\b[^>]*?\shref=)"([^"]*)"/gi;

const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** An attribute value as a browser reads it: character references decoded, nothing else changed. */
export function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return named[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** The http(s) links of an HTML fragment in order of first appearance, decoded, each once. */
export function collectLinks(html: string): string[] {
  const links = new Set<string>();
  for (const [, , raw] of html.matchAll(anchorHref)) {
    const url = decodeEntities(raw!);
    if (isWebUrl(url)) links.add(url);
  }
  return [...links];
}

const pixel = (src: string) => `<img src="${src}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0;" />`;

/** The render with its links and pixel as slots, and the list of links it may redirect to. */
export function trackOpensAndClicks(rendered: RenderedEmail): RenderedEmail {
  const links = collectLinks(rendered.html);
  const index = new Map(links.map((url, i) => [url, i]));
  const html = rendered.html.replace(anchorHref, (whole, start: string, raw: string) => {
    const at = index.get(decodeEntities(raw));
    return at === undefined ? whole : `${start}"${slotToken(rendered.slot, linkSlot(at))}"`;
  });
  const open = pixel(slotToken(rendered.slot, 'openPixelUrl'));
  const end = html.lastIndexOf('</body>');
  return { ...rendered, html: end === -1 ? html + open : html.slice(0, end) + open + html.slice(end), links, tracked: true };
}
