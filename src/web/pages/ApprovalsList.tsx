/** The sends of the organisation waiting for a second person, each a link to decide on it. */
import { formatInstant } from '../format.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';

export interface WaitingSend {
  id: string;
  headline: string;
  sendAt: number | null;
  lists: string[];
}

export function ApprovalsList({ ctx, waiting }: { ctx: PageContext; waiting: WaitingSend[] }) {
  const t = ctx.t.sending.approvals;
  return (
    <Base ctx={ctx} title={t.title} section="distributions">
      <h1 safe>{t.title}</h1>
      <section aria-labelledby="waiting-title">
        <h2 id="waiting-title" safe>
          {t.waiting}
        </h2>
        {waiting.length === 0 ? (
          <p safe>{t.empty}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden" safe>
                {t.caption}
              </caption>
              <thead>
                <tr>
                  <th scope="col" safe>{t.release}</th>
                  <th scope="col" safe>{t.when}</th>
                  <th scope="col" safe>{t.lists}</th>
                </tr>
              </thead>
              <tbody>
                {waiting.map((w) => (
                  <tr>
                    <td>
                      <a href={`/distributions/${w.id}/approval`}>
                        <span safe>{w.headline}</span>
                        <span class="visually-hidden" safe>{` — ${t.open}`}</span>
                      </a>
                    </td>
                    <td safe>{w.sendAt === null ? ctx.t.sending.approval.whenNow : formatInstant(ctx.locale, w.sendAt)}</td>
                    <td safe>{w.lists.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Base>
  );
}
