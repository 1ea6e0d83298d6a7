/**
 * Every recipient of one send, a page at a time, narrowed by status, list, outlet or what was
 * sent (a GET form: the filters live in the address, so a filtered view can be shared); each
 * with the relay's reply and the reference code, linked to its trace.
 */
import type { DistributionSummary } from '../../distribution/distributions.list.js';
import { allStatuses } from '../../ledger/owed.js';
import type { DeliveryLine, DeliveryQuery } from '../../tracking/report.js';
import { Table } from '../components/Table.js';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary.js';
import { SelectField, TextField } from '../components/Fields.js';
import { formatInstant } from '../format.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';
import { DeliveryTag } from './DistributionParts.js';

export type RecipientFilters = Pick<DeliveryQuery, 'status' | 'list' | 'outlet' | 'kind'>;

export interface RecipientsProps {
  ctx: PageContext;
  distribution: DistributionSummary;
  filters: RecipientFilters;
  deliveries: DeliveryLine[];
  /** Where the next page starts, when there is one. */
  next: string | null;
  errors?: FieldError[];
}

/** The address of this view with the same filters, from `after`. */
function pageUrl(id: string, filters: RecipientFilters, after: string): string {
  const query = new URLSearchParams(Object.entries({ ...filters, after }).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
  return `/distributions/${id}/recipients?${query.toString()}`;
}

export function DistributionRecipients({ ctx, distribution: d, filters, deliveries, next, errors = [] }: RecipientsProps) {
  const { t, locale } = ctx;
  const w = t.distributions;
  const kinds = ['email', 'embargo_update', 'social'] as const;
  return (
    <Base ctx={ctx} title={`${w.recipientsTitle}: ${d.headline}`} failed={errors.length > 0} section="distributions">
      <ErrorSummary t={t} errors={errors} />
      <p>
        <a href={`/distributions/${d.id}`} safe>
          {d.headline}
        </a>
      </p>
      <h1 safe>{w.recipientsTitle}</h1>
      <form method="get" action={`/distributions/${d.id}/recipients`} class="filters" aria-label={w.filter}>
        <SelectField id="status" label={w.status} options={[{ value: '', label: w.anyStatus }, ...allStatuses.map((s) => ({ value: s, label: w.deliveryStatus[s] }))]} value={filters.status ?? ''} errors={errors} />
        <SelectField id="list" label={w.list} options={[{ value: '', label: w.anyList }, ...d.lists.map((l) => ({ value: l.id, label: l.name }))]} value={filters.list ?? ''} errors={errors} />
        <TextField id="outlet" label={w.outlet} hint={w.outletHint} value={filters.outlet} errors={errors} />
        <SelectField id="kind" label={w.kind} options={[{ value: '', label: w.anyKind }, ...kinds.map((k) => ({ value: k, label: w.kinds[k] }))]} value={filters.kind ?? ''} errors={errors} />
        <button type="submit" class="button button-secondary" safe>
          {w.filterButton}
        </button>
      </form>
      {deliveries.length === 0 ? (
        <p safe>{w.noRecipients}</p>
      ) : (
        <Table caption={w.recipientsTitle} columns={[w.recipient, w.outlet, w.lists, w.status, w.reply, w.relay, w.code, w.time]}>
          {deliveries.map((r) => (
            <tr>
              <td>
                <span safe>{r.name ?? r.address}</span>
                {r.name ? (
                  <span class="muted recipient-address" safe>
                    {r.address}
                  </span>
                ) : (
                  ''
                )}
              </td>
              <td safe>{r.outlet ?? ''}</td>
              <td safe>{r.lists.join(', ')}</td>
              <td>
                <DeliveryTag t={t} status={r.status} />
              </td>
              <td class="reply" safe>{r.lastReply ?? r.reason ?? ''}</td>
              <td safe>{r.relay ?? ''}</td>
              <td>
                {r.referenceCode ? (
                  <a href={`/trace?code=${encodeURIComponent(r.referenceCode)}`}>
                    <code safe>{r.referenceCode}</code>
                  </a>
                ) : (
                  ''
                )}
              </td>
              <td safe>{r.finishedAt ? formatInstant(locale, r.finishedAt) : w.notEnded}</td>
            </tr>
          ))}
        </Table>
      )}
      {next ? (
        <p>
          <a href={pageUrl(d.id, filters, next)} safe>
            {w.nextRecipients}
          </a>
        </p>
      ) : (
        ''
      )}
    </Base>
  );
}
