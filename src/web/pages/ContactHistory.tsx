/** What was sent to one contact, newest first, and what happened to each message. */
import type { ContactReport } from '../../tracking/contact-report.js';
import { Table } from '../components/Table.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';

export function ContactHistory({ ctx, report }: { ctx: PageContext; report: ContactReport }) {
  const { t } = ctx;
  const w = t.reports;
  const { contact } = report;
  return (
    <Base ctx={ctx} title={`${w.history}: ${contact.name ?? contact.email}`} section="lists">
      <p>
        <a href={`/contacts/${contact.id}/edit`} safe>
          {contact.name ?? contact.email}
        </a>
      </p>
      <h1 safe>{w.history}</h1>
      {report.deliveries.length === 0 ? (
        <p safe>{w.noHistory}</p>
      ) : (
        <Table caption={w.historyCaption} columns={[w.release, w.sentAt, w.status, w.events]}>
          {report.deliveries.map((d) => (
            <tr>
              <td>
                <a href={`/distributions/${d.distributionId}/report`} safe>
                  {d.headline}
                </a>
              </td>
              <td>
                <time datetime={d.finishedAt ?? d.createdAt} safe>
                  {d.finishedAt ?? d.createdAt}
                </time>
              </td>
              <td safe>{t.distributions.deliveryStatus[d.status]}</td>
              <td>
                <ul>
                  {d.events.map((e) => (
                    <li safe>{[e.at, w.eventType[e.type], e.machine ? w.byMachine : '', e.url ?? '', e.statusCode ?? '', e.detail ?? ''].filter(Boolean).join(' ')}</li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </Table>
      )}
    </Base>
  );
}
