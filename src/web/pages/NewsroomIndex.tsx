/**
 * An organisation's newsroom: its released releases, newest first, a page at a time, with its
 * feeds linked for readers and for feed readers (`<link rel="alternate">`). A public page: no
 * script, one stylesheet from this origin, the organisation's own words in its language.
 */
import type { NewsroomSite } from '../../newsroom/site.js';
import { feedFiles, type FeedFormat } from '../../newsroom/feeds.js';
import type { en } from '../i18n/areas/newsroom.js';

export interface NewsroomEntry {
  url: string;
  headline: string;
  kicker: string;
  summary: string;
  language: string;
  /** ISO instant it became public, and how the release's language writes its date. */
  publishedAt: string;
  published: string;
}

export interface NewsroomIndexProps {
  site: NewsroomSite;
  words: typeof en;
  entries: NewsroomEntry[];
  page: number;
  pages: number;
  logoUrl?: string;
}

const formats: FeedFormat[] = ['rss', 'atom', 'json'];

function Entry({ entry, words }: { entry: NewsroomEntry; words: typeof en }) {
  return (
    <li lang={entry.language}>
      <p class="kicker" safe>
        {entry.kicker}
      </p>
      <h2>
        <a href={entry.url} safe>
          {entry.headline}
        </a>
      </h2>
      {entry.summary ? (
        <p class="summary" safe>
          {entry.summary}
        </p>
      ) : (
        ''
      )}
      <p class="date">
        <span safe>{words.published}</span>: <time datetime={entry.publishedAt} safe>{entry.published}</time>
      </p>
    </li>
  );
}

function Pager({ site, words, page, pages }: Pick<NewsroomIndexProps, 'site' | 'words' | 'page' | 'pages'>) {
  if (pages < 2) return '';
  const at = (n: number) => (n === 1 ? `${site.path}/` : `${site.path}/?page=${n}`);
  return (
    <nav class="pager" aria-label={words.pages}>
      {page > 1 ? <a href={at(page - 1)} rel="prev" safe>{words.newer}</a> : <span></span>}
      <span safe>{words.pageOf(page, pages)}</span>
      {page < pages ? <a href={at(page + 1)} rel="next" safe>{words.older}</a> : <span></span>}
    </nav>
  );
}

export function NewsroomIndex(props: NewsroomIndexProps) {
  const { site, words, entries } = props;
  const feedUrl = (f: FeedFormat) => `${site.path}/${feedFiles[f].file}`;
  return (
      <html lang={site.language}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{words.title(site.name)}</title>
          <meta name="description" content={words.description(site.name)} />
          <link rel="canonical" href={props.page > 1 ? `${site.home}/?page=${props.page}` : `${site.home}/`} />
          {/* No icon of Presswire's on an organisation's page, and no request for one. */}
          <link rel="icon" href="data:," />
          <link rel="stylesheet" href={`${site.path}/newsroom.css`} />
          {formats.map((f) => (
            <link rel="alternate" type={feedFiles[f].type} href={feedUrl(f)} title={`${site.name} — ${words[f]}`} />
          ))}
        </head>
        <body>
          <a class="skip-link" href="#main" safe>
            {words.skipToContent}
          </a>
          <header class="masthead wrap">
            {props.logoUrl ? <img class="logo" src={props.logoUrl} alt={site.name} width="160" /> : <p class="org" safe>{site.name}</p>}
          </header>
          <main id="main" class="wrap" tabindex="-1">
            <h1 safe>{words.heading}</h1>
            {entries.length ? (
              <ul class="releases" aria-label={words.releasesLabel}>
                {entries.map((entry) => (
                  <Entry entry={entry} words={words} />
                ))}
              </ul>
            ) : (
              <p safe>{words.empty}</p>
            )}
            <Pager site={site} words={words} page={props.page} pages={props.pages} />
            <section class="feeds" aria-labelledby="feeds-title">
              <h2 id="feeds-title" safe>
                {words.follow}
              </h2>
              <ul>
                {formats.map((f) => (
                  <li>
                    <a href={feedUrl(f)} type={feedFiles[f].type} safe>
                      {words[f]}
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          </main>
          <footer class="site-footer wrap" safe>
            {`${site.name}\n${site.postalAddress}`}
          </footer>
        </body>
      </html>
  );
}
