/** The organisation's sends, newest first: release, status, audience, when, how far it got. */
import type { DistributionSummary } from '../../distribution/distributions.list.js';
import { Table } from '../components/Table.js';
import type { Messages } from '../i18n/en.js';
import { formatInstant } from '../format.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';
import { DistributionTag } from './DistributionParts.js';

/** The lists by name, and the social accounts by number. */
export const audienceText = (t: Messages, d: DistributionSummary): string =>
  [...d.lists.map((l) => l.name), ...(d.accounts ? [t.distributions.accounts(d.accounts)] : [])].join(', ') || t.distributions.noLists;

/** The cells both lists of sends begin with: the release (a link to the send), its status, its audience. */
export function SendCells({ t, d }: { t: Messages; d: DistributionSummary }) {
  return (
    <>
      <td>
        <a href={`/distributions/${d.id}`} safe>
          {d.headline}
        </a>
      </td>
      <td>
        <DistributionTag t={t} status={d.status} />
      </td>
      <td safe>{audienceText(t, d)}</td>
    </>
  );
}

export function DistributionsList({ ctx, distributions, next }: { ctx: PageContext; distributions: DistributionSummary[]; next: string | null }) {
  const { t, locale } = ctx;
  const w = t.distributions;
  return (
    <Base ctx={ctx} title={w.title} section="distributions">
      <div class="page-heading">
        <h1 safe>{w.title}</h1>
        <p class="inline-links">
          <a class="button button-secondary" href="/approvals" safe>
            {w.approvalsLink}
          </a>{' '}
          <a class="button button-secondary" href="/scheduled" safe>
            {w.scheduledLink}
          </a>
        </p>
      </div>
      {distributions.length === 0 ? (
        <p safe>{w.empty}</p>
      ) : (
        <Table caption={w.caption} columns={[w.release, w.status, w.audience, w.when, w.progress, w.ended]}>
          {distributions.map((d) => (
            <tr>
              <SendCells t={t} d={d} />
              <td safe>{formatInstant(locale, d.plannedAt ?? d.sendAt ?? d.createdAt)}</td>
              <td safe>{w.sentOf(d.succeeded, d.total)}</td>
              <td safe>{d.completedAt === null ? w.notEnded : formatInstant(locale, d.completedAt)}</td>
            </tr>
          ))}
        </Table>
      )}
      {next ? (
        <p>
          <a href={`/distributions?after=${encodeURIComponent(next)}`} safe>
            {w.nextPage}
          </a>
        </p>
      ) : (
        ''
      )}
    </Base>
  );
}
