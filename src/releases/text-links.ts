/** Bare URLs in the text become `links`, labelled by their wording when it is obvious. */
import type { Link } from './release.js';

const urlPattern = /\b(?:https?:\/\/|www\.)[^\s<>"“”‘’]+/giu;

/** Drop sentence punctuation glued to a URL, keeping a ")" the URL opened itself. */
function trimUrl(raw: string): string {
  let url = raw.replace(/[.,;:!?'’]+$/u, '');
  while (url.endsWith(')') && (url.match(/\(/g) ?? []).length < (url.match(/\)/g) ?? []).length) {
    url = url.slice(0, -1).replace(/[.,;:!?]+$/u, '');
  }
  return url;
}

/** "harborlegalaid.example.org/reports/detention-2026" */
function hostAndPath(url: URL): string {
  const path = url.pathname.replace(/\/$/u, '');
  return `${url.hostname.replace(/^www\./u, '')}${path}`;
}

/** The label a link gets when nothing better is written: its host and path. */
export function labelForUrl(url: string): string {
  const href = url.trim();
  return URL.canParse(href) ? hostAndPath(new URL(href)) : href;
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** "Full report: <url>" or "The full report is available at <url>" → "Full report". */
function labelFromWording(before: string): string | undefined {
  const line = before.split('\n').at(-1)!;
  const colon = /^\s*(?:[-*•]\s*)?([^:.!?]{2,60}?):\s*$/u.exec(line)?.[1];
  if (colon) return capitalize(colon.trim());
  const available =
    /(?:^|[.!?]\s+)(?:the\s+|el\s+|la\s+|los\s+|las\s+)?([\p{L}\d ,'’\-]{3,60}?)\s+(?:is|are|will\s+be|can\s+be\s+found|estará|está|están|estarán|se\s+encuentra)\s+(?:now\s+)?(?:available|posted|online|disponibles?|publicad[oa]s?)?\s*(?:at|on|en)\s*$/iu.exec(line)?.[1];
  return available ? capitalize(available.trim()) : undefined;
}

/** Every distinct http(s) URL in `texts`, in order of appearance. */
export function collectLinks(texts: readonly string[]): Link[] {
  const links = new Map<string, Link>();
  for (const text of texts) {
    for (const match of text.matchAll(urlPattern)) {
      const written = trimUrl(match[0]);
      const href = /^www\./iu.test(written) ? `https://${written}` : written;
      if (!URL.canParse(href) || links.has(href)) continue;
      const label = labelFromWording(text.slice(0, match.index)) ?? labelForUrl(href);
      links.set(href, { label, url: href });
    }
  }
  return [...links.values()];
}
