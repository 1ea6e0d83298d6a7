/** The releases of the signed-in person's organisation, newest first, each a link to its page. */
import type { ReleaseStatus } from '../../releases/release.js';
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
}

export function ReleasesList({ ctx, releases }: { ctx: PageContext; releases: ReleaseRow[] }) {
  const { t, locale } = ctx;
  return (
    <Base ctx={ctx} title={t.list.title} section="releases">
      <div class="page-heading">
        <h1 safe>{t.list.title}</h1>
        <a class="button" href="/releases/new" safe>
          {t.list.newRelease}
        </a>
      </div>
      {releases.length === 0 ? (
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
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Base>
  );
}
