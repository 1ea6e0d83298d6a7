/** The releases of the signed-in person's organisation, newest first, each a link to its page, with its last send; searchable by headline. */
import type { ReleaseStatus } from '../../releases/release.js';
import { TextField } from '../components/Fields.js';
import { StatusTag } from '../components/StatusTag.js';
import { formatInstant } from '../format.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';

export interface ReleaseRow {
  id: string;
  status: ReleaseStatus;
  headline: string;
  language: string;
  createdAt: number;
  embargoUntil: number | null;
  lastSentAt: number | null;
  lastSentBy: string | null;
}

/** `complaints`: addresses that marked the organisation's mail as spam lately (shown to admins only; 0 hides it). */
export function ReleasesList({ ctx, releases, query, complaints }: { ctx: PageContext; releases: ReleaseRow[]; query: string; complaints: number }) {
  const { t, locale } = ctx;
  const w = t.authoring.list;
  return (
    <Base ctx={ctx} title={t.list.title} section="releases">
      <div class="page-heading">
        <h1 safe>{t.list.title}</h1>
        <a class="button" href="/releases/new" safe>
          {t.list.newRelease}
        </a>
      </div>
      {complaints > 0 ? (
        <div class="notice" role="status">
          <p safe>{t.reports.complaintsNotice(complaints)}</p>
          <p>
            <a href="/suppressions" safe>
              {t.reports.complaintsLink}
            </a>
          </p>
        </div>
      ) : (
        ''
      )}
      <form method="get" action="/releases" role="search" class="search-form">
        <TextField id="q" label={w.search} type="search" value={query} />
        <button type="submit" class="button button-secondary" safe>
          {w.searchButton}
        </button>
      </form>
      {releases.length === 0 && query ? (
        <p>
          <span safe>{w.noMatch(query)}</span>{' '}
          <a href="/releases" safe>
            {w.clear}
          </a>
        </p>
      ) : releases.length === 0 ? (
        <p safe>{t.list.empty}</p>
      ) : (
        <div class="table-wrap">
          <table class="releases">
            <caption class="visually-hidden" safe>
              {t.list.caption}
            </caption>
            <thead>
              <tr>
                <th scope="col" safe>{t.list.headline}</th>
                <th scope="col" safe>{t.list.status}</th>
                <th scope="col" safe>{t.list.embargo}</th>
                <th scope="col" safe>{t.list.language}</th>
                <th scope="col" safe>{t.list.created}</th>
                <th scope="col" safe>{w.lastSent}</th>
                <th scope="col" safe>{w.who}</th>
              </tr>
            </thead>
            <tbody>
              {releases.map((r) => (
                <tr>
                  <td>
                    <a href={`/releases/${r.id}`} safe>
                      {r.headline}
                    </a>
                  </td>
                  <td>
                    <StatusTag t={t} status={r.status} />
                  </td>
                  <td safe>{r.embargoUntil === null ? t.none : formatInstant(locale, r.embargoUntil)}</td>
                  <td safe>{r.language}</td>
                  <td safe>{formatInstant(locale, r.createdAt)}</td>
                  <td safe>{r.lastSentAt === null ? w.never : formatInstant(locale, r.lastSentAt)}</td>
                  <td safe>{r.lastSentBy ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Base>
  );
}
