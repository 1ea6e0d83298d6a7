/** Sends waiting for their time or for approval, soonest first, their times in a zone the reader picks; each can be cancelled. */
import { BackLink } from '../components/BackLink.js';
import type { DistributionSummary } from '../../distribution/distributions.list.js';
import { Table } from '../components/Table.js';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary.js';
import { ActionButton, SelectField } from '../components/Fields.js';
import { formatInstant } from '../format.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';
import { SendCells } from './DistributionsList.js';

export interface ScheduledProps {
  ctx: PageContext;
  distributions: DistributionSummary[];
  zone: string;
  zones: string[];
  maySend: boolean;
  errors?: FieldError[];
}

export function Scheduled({ ctx, distributions, zone, zones, maySend, errors = [] }: ScheduledProps) {
  const { t, locale } = ctx;
  const w = t.distributions;
  return (
    <Base ctx={ctx} title={w.scheduledTitle} failed={errors.length > 0} section="distributions">
      <ErrorSummary t={t} errors={errors} />
      <BackLink href="/distributions" label={w.back} />
      <h1 safe>{w.scheduledTitle}</h1>
      <form method="get" action="/scheduled" class="filters">
        <SelectField id="zone" label={w.zone} options={zones.map((z) => ({ value: z, label: z }))} value={zone} errors={errors} />
        <button type="submit" class="button button-secondary" safe>
          {w.zoneButton}
        </button>
      </form>
      {distributions.length === 0 ? (
        <p safe>{w.scheduledEmpty}</p>
      ) : (
        <Table caption={w.scheduledCaption} columns={[w.sendAt, w.release, w.status, w.audience, ...(maySend ? [w.actions] : [])]}>
          {distributions.map((d) => (
            <tr>
              <td safe>{d.sendAt === null ? w.now : formatInstant(locale, d.sendAt, zone)}</td>
              <SendCells t={t} d={d} />
              {maySend ? (
                <td>
                  <ActionButton action={`/distributions/${d.id}/cancel`} csrf={ctx.csrf} label={w.cancelOne(d.headline)} kind="warning" hidden={{ from: 'scheduled' }} />
                </td>
              ) : (
                ''
              )}
            </tr>
          ))}
        </Table>
      )}
    </Base>
  );
}
