/**
 * A newsroom's feeds: RSS 2.0, Atom and JSON Feed, written by the `feed` package from the same
 * items. Each item speaks its release's language (its fixed words — kind, headings — too);
 * text is HTML-escaped where the format carries HTML (RSS and Atom), plain in JSON.
 */
import { Feed, type Item } from 'feed';
import { articleHtml } from '../rendering/article-html.js';
import { correctionNoteText } from '../rendering/correction-note.js';
import { escapeHtml } from '../rendering/escape.js';
import { releaseParts } from '../rendering/release-parts.js';
import { publicPage } from '../releases/public-page.js';
import type { ReleasedRelease } from './released.js';
import type { NewsroomSite } from './site.js';

export type FeedFormat = 'rss' | 'atom' | 'json';

export const feedFiles: Record<FeedFormat, { file: string; type: string }> = {
  rss: { file: 'rss.xml', type: 'application/rss+xml' },
  atom: { file: 'atom.xml', type: 'application/atom+xml' },
  json: { file: 'feed.json', type: 'application/feed+json' },
};

export interface FeedWords {
  title: string;
  description: string;
}

export function renderFeed(format: FeedFormat, site: NewsroomSite, publicUrl: string, items: ReleasedRelease[], words: FeedWords, updated: number): string {
  const xml = format !== 'json';
  const text = (s: string) => (xml ? escapeHtml(s) : s);
  const feed = new Feed({
    id: `${site.home}/`,
    title: words.title,
    description: words.description,
    link: `${site.home}/`,
    language: site.language,
    updated: new Date(updated),
    generator: 'Presswire',
    feedLinks: { rss: `${site.home}/rss.xml`, atom: `${site.home}/atom.xml`, json: `${site.home}/feed.json` },
    copyright: site.name,
  });
  for (const { release, publishedAt, corrections } of items) {
    const parts = releaseParts(release.content);
    const url = publicPage(publicUrl, release.id);
    const item: Item = {
      title: text(release.content.headline),
      id: url,
      link: url,
      date: new Date(publishedAt),
      published: new Date(publishedAt),
      description: text(parts.preheader),
      content: corrections.map((c) => `<p class="correction">${escapeHtml(correctionNoteText(parts.language, c))}</p>\n`).join('') + articleHtml(release.content, parts),
      category: [{ name: parts.strings.kindLabels[release.content.kind] }],
      author: [{ name: site.name }],
      // RSS names each item's language (Dublin Core, whose namespace the feed declares with content).
      ...(format === 'rss' ? { extensions: [{ name: 'dc:language', objects: { _text: release.content.language } }] } : {}),
    };
    feed.addItem(item);
  }
  return format === 'rss' ? feed.rss2() : format === 'atom' ? feed.atom1() : feed.json1();
}
