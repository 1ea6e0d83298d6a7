/**
 * A send waiting for a second person: the same preflight the person who asked saw, who asked
 * and when, and the two decisions — approve, or decline with a note the asker reads. Once
 * decided, it says who decided and (declined) why.
 */
import type { ApprovalRequest } from '../../distribution/approval-request.js';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary.js';
import { ActionButton, CsrfInput, TextArea } from '../components/Fields.js';
import { PreflightPanel, sendAction } from '../components/PreflightPanel.js';
import { Row, SummaryList, TextRow } from '../components/SummaryList.js';
import { formatInstant } from '../format.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';

export interface ApprovalPageProps {
  ctx: PageContext;
  request: ApprovalRequest;
  /** The actor's role may approve sends. */
  mayDecide: boolean;
  note?: string;
  errors?: FieldError[];
}

function Decide({ ctx, request, note, errors }: ApprovalPageProps) {
  const t = ctx.t.sending.approval;
  const action = `/distributions/${request.id}`;
  return (
    <>
      <ActionButton action={`${action}/approve`} csrf={ctx.csrf} label={t.approve(sendAction(ctx, request.preflight, request.preflight.release.embargo?.zone ?? 'UTC'))} />
      <h2 safe>{t.declineTitle}</h2>
      <form method="post" action={`${action}/decline`}>
        <CsrfInput token={ctx.csrf} />
        <TextArea id="note" label={t.note} hint={t.noteHint} value={note} rows={3} errors={errors} />
        <button type="submit" class="button button-warning" safe>
          {t.decline}
        </button>
      </form>
    </>
  );
}

function Outcome({ ctx, request }: { ctx: PageContext; request: ApprovalRequest }) {
  const t = ctx.t.sending.approval;
  const decision = request.declined ?? request.approved;
  return (
    <section class="notice" aria-labelledby="decision-title">
      <h2 id="decision-title" safe>
        {decision ? (request.declined ? t.declinedBy : t.approvedBy)(decision.by, formatInstant(ctx.locale, decision.at)) : t.statuses[request.status]}
      </h2>
      {request.declined?.note ? <p class="prose" safe>{request.declined.note}</p> : ''}
      <p>
        <a href={`/distributions/${request.id}`} safe>
          {t.seeSend}
        </a>
      </p>
    </section>
  );
}

export function ApprovalPage(props: ApprovalPageProps) {
  const { ctx, request, errors = [] } = props;
  const t = ctx.t.sending.approval;
  const p = request.preflight;
  const waiting = request.status === 'awaiting_approval';
  return (
    <Base ctx={ctx} title={`${t.title}: ${p.release.headline}`} failed={errors.length > 0} section="distributions">
      <ErrorSummary t={ctx.t} errors={errors} />
      <h1 safe>{t.title}</h1>
      <SummaryList>
        <Row label={t.release}>
          <a href={`/releases/${p.release.id}`} safe>
            {p.release.headline}
          </a>
        </Row>
        <TextRow label={t.status} text={t.statuses[request.status]} />
        <TextRow label={t.askedBy} text={request.requested ? `${request.requested.by} · ${formatInstant(ctx.locale, request.requested.at)}` : undefined} />
        <TextRow label={t.when} text={request.sendAt === null ? t.whenNow : formatInstant(ctx.locale, request.sendAt, p.release.embargo?.zone)} />
      </SummaryList>
      {waiting ? '' : <Outcome ctx={ctx} request={request} />}
      <PreflightPanel ctx={ctx} preflight={p} />
      {!waiting ? (
        ''
      ) : request.askedByActor ? (
        <p class="notice" safe>
          {t.ownRequest}
        </p>
      ) : props.mayDecide ? (
        <Decide {...props} />
      ) : (
        <p class="notice" safe>
          {t.cannotApprove}
        </p>
      )}
    </Base>
  );
}
