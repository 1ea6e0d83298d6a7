/**
 * The parts of a report after the relay's 250, shared by a distribution's and a release's
 * report: opens and clicks (people apart from machines), top links, bounces and
 * complaints with their reasons, and replies.
 */
import type { AfterAcceptance, ProblemEvent } from '../../tracking/report-events.js';
import { Table } from '../components/Table.js';
import type { Words } from './DistributionParts.js';

function Numbers({ nf, values }: { nf: Intl.NumberFormat; values: number[] }) {
  return (
    <>
      {values.map((n) => (
        <td class="numeric" safe>
          {nf.format(n)}
        </td>
      ))}
    </>
  );
}

/** A cell with an instant, machine-readable too. */
function When({ at }: { at: string }) {
  return (
    <td>
      <time datetime={at} safe>
        {at}
      </time>
    </td>
  );
}

function Engagement({ words, after }: { words: Words; after: AfterAcceptance }) {
  const w = words.t.reports;
  const nf = new Intl.NumberFormat(words.locale);
  const rows = [
    { label: w.opens, pair: after.engagement.opens },
    { label: w.clicks, pair: after.engagement.clicks },
  ];
  const numeric = (label: string) => ({ label, numeric: true });
  return (
    <>
      <h2 safe>{w.engagement}</h2>
      <p safe>{w.engagementIntro}</p>
      <Table caption={w.engagementCaption} columns={[{ label: w.what, hidden: true }, numeric(w.peopleUnique), numeric(w.peopleTotal), numeric(w.machineUnique), numeric(w.machineTotal)]}>
        {rows.map(({ label, pair }) => (
          <tr>
            <th scope="row" safe>
              {label}
            </th>
            <Numbers nf={nf} values={[pair.human.unique, pair.human.total, pair.machine.unique, pair.machine.total]} />
          </tr>
        ))}
      </Table>
      <h2 safe>{w.links}</h2>
      {after.links.length === 0 ? (
        <p safe>{w.noClicks}</p>
      ) : (
        <Table caption={w.links} columns={[w.link, numeric(w.peopleUnique), numeric(w.peopleTotal), numeric(w.machineUnique), numeric(w.machineTotal)]}>
          {after.links.map((l) => (
            <tr>
              <td class="url" safe>
                {l.url}
              </td>
              <Numbers nf={nf} values={[l.human.unique, l.human.total, l.machine.unique, l.machine.total]} />
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}

function Problems({ words, title, empty, events }: { words: Words; title: string; empty: string; events: ProblemEvent[] }) {
  const w = words.t.reports;
  return (
    <>
      <h2 safe>{title}</h2>
      {events.length === 0 ? (
        <p safe>{empty}</p>
      ) : (
        <Table caption={title} columns={[w.recipient, w.kind, w.code, w.detail, w.when]}>
          {events.map((e) => (
            <tr>
              <td safe>{e.address}</td>
              <td>{e.kind ? w.bounceKind[e.kind] : ''}</td>
              <td safe>{e.statusCode ?? ''}</td>
              <td safe>{e.detail ?? ''}</td>
              <When at={e.at} />
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}

function Replies({ words, replies }: { words: Words; replies: AfterAcceptance['replies'] }) {
  const w = words.t.reports;
  return (
    <>
      <h2 safe>{w.replies}</h2>
      <p safe>{w.repliesCount(replies.count)}</p>
      {replies.items.length ? (
        <Table caption={w.replies} columns={[w.from, w.subject, w.when]}>
          {replies.items.map((r) => (
            <tr>
              <td safe>{r.from}</td>
              <td safe>{r.subject ?? ''}</td>
              <When at={r.at} />
            </tr>
          ))}
        </Table>
      ) : (
        ''
      )}
    </>
  );
}

export function AfterAcceptanceParts({ words, after }: { words: Words; after: AfterAcceptance }) {
  const w = words.t.reports;
  return (
    <>
      <Engagement words={words} after={after} />
      <Problems words={words} title={w.bounces} empty={w.noBounces} events={after.bounces} />
      <Problems words={words} title={w.complaints} empty={w.noComplaints} events={after.complaints} />
      <Replies words={words} replies={after.replies} />
    </>
  );
}
