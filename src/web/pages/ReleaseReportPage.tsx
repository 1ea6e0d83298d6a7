/** A release across all its sends: each send's counts, their sum, and what happened after the relay's 250. */
import { allStatuses } from '../../ledger/owed.js';
import type { ReleaseReport } from '../../tracking/release-report.js';
import { Table } from '../components/Table.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';
import { AfterAcceptanceParts } from './ReportParts.js';

export function ReleaseReportPage({ ctx, report }: { ctx: PageContext; report: ReleaseReport }) {
  const { t } = ctx;
  const w = t.distributions;
  const nf = new Intl.NumberFormat(ctx.locale);
  const statuses = allStatuses.filter((s) => report.counts[s] > 0);
  return (
    <Base ctx={ctx} title={`${t.reports.releaseReportTitle}: ${report.headline}`} section="releases">
      <p>
        <a href={`/releases/${report.releaseId}`} safe>
          {report.headline}
        </a>
      </p>
      <h1 safe>{t.reports.releaseReportTitle}</h1>
      <p safe>{t.reports.releaseIntro(report.distributions.length)}</p>
      <Table caption={w.countsCaption} showCaption columns={[w.when, ...statuses.map((s) => ({ label: w.deliveryStatus[s], numeric: true })), { label: w.count, numeric: true }]}>
        {report.distributions.map((d) => (
          <tr>
            <th scope="row">
              <a href={`/distributions/${d.id}/report`}>
                <time datetime={d.createdAt} safe>
                  {d.createdAt}
                </time>
              </a>
            </th>
            {statuses.map((s) => (
              <td class="numeric" safe>
                {nf.format(d.counts[s])}
              </td>
            ))}
            <td class="numeric" safe>
              {nf.format(d.total)}
            </td>
          </tr>
        ))}
      </Table>
      <AfterAcceptanceParts words={ctx} after={report} />
    </Base>
  );
}
