/** A newsroom's sitemap (sitemaps.org 0.9): the newsroom itself, then each released page with when it became public. */
import { escapeHtml } from '../rendering/escape.js';

export interface SitemapEntry {
  url: string;
  lastModified?: number;
}

/** XML escaping is HTML escaping's subset that matters here: & < > " ' in a URL. */
export function renderSitemap(entries: SitemapEntry[]): string {
  const urls = entries.map((e) => `  <url><loc>${escapeHtml(e.url)}</loc>${e.lastModified ? `<lastmod>${new Date(e.lastModified).toISOString()}</lastmod>` : ''}</url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}
