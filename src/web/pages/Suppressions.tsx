/**
 * The addresses Presswire never mails again, by address: why, since when, and from which
 * send. Administrators see a Restore link per address; restoring asks for a reason first.
 */
import type { Suppression } from '../../contract/lists.js';
import { Table } from '../components/Table.js';
import { formatInstant } from '../format.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';

export const restoreHref = (email: string): string => `/suppressions/restore?${new URLSearchParams({ email })}`;

function From({ ctx, row }: { ctx: PageContext; row: Suppression }) {
  const s = ctx.t.lists.suppressions;
  return row.distributionId ? (
    <a href={`/distributions/${encodeURIComponent(row.distributionId)}`} safe>
      {s.fromSend}
    </a>
  ) : (
    <span safe>{s.fromNothing}</span>
  );
}

export function Suppressions({ ctx, rows, next, mayRestore, restored }: { ctx: PageContext; rows: Suppression[]; next: string | null; mayRestore: boolean; restored?: string }) {
  const { t, locale } = ctx;
  const s = t.lists.suppressions;
  return (
    <Base ctx={ctx} title={s.title} section="lists">
      {restored ? (
        <p class="notice" role="status" safe>
          {s.restored(restored)}
        </p>
      ) : (
        ''
      )}
      <h1 safe>{s.title}</h1>
      <p safe>{s.intro}</p>
      {rows.length === 0 ? (
        <p safe>{s.empty}</p>
      ) : (
        <Table caption={s.caption} columns={[s.address, s.reason, s.since, s.from, s.detail, ...(mayRestore ? [{ label: s.restore, hidden: true }] : [])]}>
          {rows.map((row) => (
            <tr>
              <td safe>{row.email}</td>
              <td safe>{s.reasons[row.reason]}</td>
              <td safe>{formatInstant(locale, row.since)}</td>
              <td>
                <From ctx={ctx} row={row} />
              </td>
              <td safe>{row.detail ?? ''}</td>
              {mayRestore ? (
                <td>
                  <a href={restoreHref(row.email)} aria-label={s.restoreLabel(row.email)} safe>
                    {s.restore}
                  </a>
                </td>
              ) : (
                ''
              )}
            </tr>
          ))}
        </Table>
      )}
      {next ? (
        <p>
          <a href={`/suppressions?${new URLSearchParams({ after: next })}`} rel="next" safe>
            {s.next}
          </a>
        </p>
      ) : (
        ''
      )}
    </Base>
  );
}
