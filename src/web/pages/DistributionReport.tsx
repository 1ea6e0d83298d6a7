/**
 * The report of one send: deliveries by status, by list and by outlet, what failed with the
 * reason, then opens and clicks (people apart from machines), links, bounces, complaints and
 * replies, and the recipients as a CSV to download.
 */
import type { DeliveryStatus } from '../../db/schema.js';
import type { DistributionSummary } from '../../distribution/distributions.list.js';
import { allStatuses } from '../../ledger/owed.js';
import type { FullReport } from '../../tracking/report-detail.js';
import type { DeliveryLine, GroupCounts } from '../../tracking/report.js';
import { Table } from '../components/Table.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';
import type { Words } from './DistributionParts.js';
import { AfterAcceptanceParts } from './ReportParts.js';

export interface ReportProps {
  ctx: PageContext;
  distribution: DistributionSummary;
  report: FullReport;
  failures: DeliveryLine[];
}

/** One table of groups (lists, outlets) by the statuses that occur in this send. */
function GroupTable({ words, title, groups, statuses }: { words: Words; title: string; groups: GroupCounts[]; statuses: DeliveryStatus[] }) {
  const w = words.t.distributions;
  const nf = new Intl.NumberFormat(words.locale);
  return (
    <Table caption={title} showCaption columns={[{ label: title, hidden: true }, ...statuses.map((s) => ({ label: w.deliveryStatus[s], numeric: true })), { label: w.count, numeric: true }]}>
      {groups.map((g) => (
        <tr>
          <th scope="row" safe>
            {g.name}
          </th>
          {statuses.map((s) => (
            <td class="numeric" safe>
              {nf.format(g.counts[s] ?? 0)}
            </td>
      ))}
              <td class="numeric" safe>
                {nf.format(g.total)}
              </td>
            </tr>
      ))}
    </Table>
  );
}

export function DistributionReport({ ctx, distribution: d, report, failures }: ReportProps) {
  const { lists, outlets } = report;
  const { t } = ctx;
  const w = t.distributions;
  const statuses = allStatuses.filter((s) => report.counts[s] > 0);
  const all: GroupCounts = { name: w.count, total: report.total, counts: report.counts };
  return (
    <Base ctx={ctx} title={`${w.reportTitle}: ${d.headline}`} section="distributions">
      <p>
        <a href={`/distributions/${d.id}`} safe>
          {d.headline}
        </a>
      </p>
      <h1 safe>{w.reportTitle}</h1>
      <p safe>{w.reportIntro}</p>
      <p>
        <a href={`/distributions/${d.id}/recipients.csv`} download="" safe>
          {t.reports.downloadCsv}
        </a>
      </p>
      {report.done ? '' : <p class="notice" safe>{w.notFinished}</p>}
      <GroupTable words={ctx} title={w.countsCaption} groups={[all]} statuses={statuses} />
      {lists.length ? <GroupTable words={ctx} title={w.byList} groups={lists} statuses={statuses} /> : ''}
      {outlets.length ? <GroupTable words={ctx} title={w.byOutlet} groups={outlets} statuses={statuses} /> : ''}
      <h2 safe>{w.failures}</h2>
      {failures.length === 0 ? (
        <p safe>{w.noFailures}</p>
      ) : (
        <Table caption={w.failures} columns={[w.recipient, w.status, w.reason, w.reply]}>
          {failures.map((f) => (
            <tr>
              <td safe>{f.address}</td>
              <td safe>{w.deliveryStatus[f.status]}</td>
              <td safe>{f.reason ?? ''}</td>
              <td class="reply" safe>{f.lastReply ?? ''}</td>
            </tr>
          ))}
        </Table>
      )}
      <AfterAcceptanceParts words={ctx} after={report} />
    </Base>
  );
}
