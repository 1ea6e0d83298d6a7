/**
 * Leak tracing: the reference code printed in an embargoed copy names who received that copy,
 * from which send, and every visit to its personal link. A GET form, so a traced code is a
 * link that can be passed on.
 */
import type { Trace } from '../../tracking/trace.js';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary.js';
import { TextField } from '../components/Fields.js';
import { Row, SummaryList, TextRow } from '../components/SummaryList.js';
import { Table } from '../components/Table.js';
import { formatInstant } from '../format.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';

function TraceResult({ ctx, trace }: { ctx: PageContext; trace: Trace }) {
  const { locale } = ctx;
  const tr = ctx.t.settings.trace;
  return (
    <section aria-labelledby="result-heading">
      <h2 id="result-heading" safe>
        {tr.result(trace.code)}
      </h2>
      <SummaryList>
        <TextRow label={tr.recipient} text={trace.recipient.name ?? tr.unknownValue} />
        <TextRow label={tr.address} text={trace.recipient.address} />
        <TextRow label={tr.outlet} text={trace.recipient.outlet ?? undefined} />
        <Row label={tr.release}>
          <a href={`/releases/${trace.release.id}`} safe>
            {trace.release.headline}
          </a>
        </Row>
        <Row label={tr.distribution}>
          <a href={`/distributions/${trace.distributionId}`} safe>
            {tr.seeDistribution}
          </a>
        </Row>
        <TextRow label={tr.status} text={tr.statuses[trace.status] ?? trace.status} />
        <TextRow label={tr.sentAt} text={trace.sentAt ? formatInstant(locale, trace.sentAt) : tr.notSent} />
      </SummaryList>
      <h2 safe>{tr.visits}</h2>
      {trace.views.length === 0 ? (
        <p safe>{tr.noVisits}</p>
      ) : (
        <Table caption={tr.visitsCaption} columns={[tr.at, tr.ip, tr.userAgent]}>
          {trace.views.map((v) => (
            <tr>
              <td safe>{formatInstant(locale, v.at)}</td>
              <td safe>{v.ip ?? tr.unknownValue}</td>
              <td safe>{v.userAgent ?? tr.unknownValue}</td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}

export function TracePage({ ctx, code, trace, errors = [] }: { ctx: PageContext; code?: string; trace?: Trace; errors?: FieldError[] }) {
  const { t } = ctx;
  const tr = t.settings.trace;
  return (
    <Base ctx={ctx} title={tr.title} failed={errors.length > 0} section="trace">
      <ErrorSummary t={t} errors={errors} />
      <h1 safe>{tr.title}</h1>
      <p safe>{tr.intro}</p>
      <form method="get" action="/trace" novalidate>
        <TextField id="code" label={tr.code} hint={tr.codeHint} value={code} errors={errors} autocomplete="off" width="short" />
        <button type="submit" class="button" safe>
          {tr.submit}
        </button>
      </form>
      {trace ? <TraceResult ctx={ctx} trace={trace} /> : ''}
    </Base>
  );
}
