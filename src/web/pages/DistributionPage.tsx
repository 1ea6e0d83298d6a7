/**
 * One send: its progress (a live region fed by the event stream while it runs; a Refresh
 * link without JavaScript), what it is, who sent and approved it, its embargo and the
 * changes to it, its social posts, and the one action that fits: cancel while it runs,
 * retry what failed once something failed.
 */
import { BackLink } from '../components/BackLink.js';
import type { DistributionSummary } from '../../distribution/distributions.list.js';
import type { EmbargoChangeRecord } from '../../distribution/embargo-change.js';
import type { Embargo } from '../../releases/release.js';
import type { DeliveryLine, Progress } from '../../tracking/report.js';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary.js';
import { ActionButton, CsrfInput, TextField } from '../components/Fields.js';
import { Row, SummaryList, TextRow } from '../components/SummaryList.js';
import { formatInstant } from '../format.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';
import { DeliveryTag, followedLive, ProgressPanel, SendStatus } from './DistributionParts.js';

export interface DistributionPageProps {
  ctx: PageContext;
  distribution: DistributionSummary;
  progress: Progress;
  sentBy: string | undefined;
  approvedBy: string | undefined;
  embargo: Embargo | undefined;
  embargoChanges: EmbargoChangeRecord[];
  socialPosts: DeliveryLine[];
  /** The viewer may cancel, move and retry (the sender role). */
  maySend: boolean;
  /** A new time that could not be used, and why. */
  reschedule?: { at: string; errors: FieldError[] };
}

/** The vendor script the live region needs; only this page loads it. */
export const sseScript = '/assets/vendor/ext/hx-sse.js';

export function DistributionPage({ ctx, distribution: d, progress, sentBy, approvedBy, embargo, embargoChanges, socialPosts, maySend, reschedule }: DistributionPageProps) {
  const { t, locale } = ctx;
  const w = t.distributions;
  const url = `/distributions/${d.id}`;
  const { report } = progress;
  const failed = report.counts.failed;
  const live = followedLive(report.status);
  const embargoAhead = embargo !== undefined && Date.parse(embargo.until) > Date.now();
  const waiting = d.status === 'scheduled' || d.status === 'awaiting_approval';
  const errors = reschedule?.errors ?? [];
  return (
    <Base ctx={ctx} title={d.headline} failed={errors.length > 0} section="distributions" scripts={live ? [sseScript] : []}>
      <ErrorSummary t={t} errors={errors} />
      <BackLink href="/distributions" label={w.back} />
      <h1 safe>{d.headline}</h1>
      <SendStatus t={t} status={report.status} />

      <section aria-labelledby="progress-title">
        <h2 id="progress-title" safe>
          {w.statusTitle}
        </h2>
        {/* htmx 4: unnamed messages replace this region's content; the named `done` event closes the stream. */}
        <div id="progress" aria-live="polite" {...(live ? { 'hx-sse:connect': `${url}/events`, 'hx-sse:close': 'done' } : {})}>
          <ProgressPanel words={ctx} progress={progress} pageUrl={url} />
        </div>
      </section>

      {d.status === 'awaiting_approval' ? (
        <p class="notice">
          <a href={`${url}/approval`} safe>
            {w.approvalLink}
          </a>
        </p>
      ) : (
        ''
      )}
      {maySend && waiting ? (
        <form method="post" action={`${url}/reschedule`} class="notice">
          <h2 safe>{w.rescheduleTitle}</h2>
          <CsrfInput token={ctx.csrf} />
          <TextField id="at" label={w.at} hint={w.atHint} value={reschedule?.at} errors={errors} />
          <button type="submit" class="button" safe>
            {w.reschedule}
          </button>
        </form>
      ) : (
        ''
      )}
      <div id="send-actions">
        {maySend && !report.done ? <ActionButton action={`${url}/cancel`} csrf={ctx.csrf} label={waiting ? w.cancelScheduled : w.cancel} kind="warning" /> : ''}
        {maySend && failed > 0 && report.status !== 'cancelled' ? (
          <div class="notice">
            <p class="hint" safe>
              {w.retryHint}
            </p>
            <ActionButton action={`${url}/retry`} csrf={ctx.csrf} label={w.retry(failed)} />
          </div>
        ) : (
          ''
        )}
      </div>

      <p>
        <a href={`${url}/recipients`} safe>
          {w.recipientsLink}
        </a>
        {' · '}
        <a href={`${url}/report`} safe>
          {w.reportLink}
        </a>
      </p>

      <h2 safe>{w.details}</h2>
      <SummaryList>
        <Row label={w.release}>
          <a href={`/releases/${d.releaseId}`} safe>
            {d.headline}
          </a>
        </Row>
        <TextRow label={w.lists} text={d.lists.length ? d.lists.map((l) => l.name).join(', ') : w.noLists} />
        <TextRow label={w.sendAt} text={d.sendAt === null ? undefined : formatInstant(locale, d.sendAt)} />
        <TextRow label={w.sentBy} text={sentBy} />
        <TextRow label={w.approvedBy} text={approvedBy ?? (d.status === 'awaiting_approval' ? w.notYetApproved : w.notApproved)} />
        <TextRow
          label={w.embargo}
          text={embargo ? `${formatInstant(locale, embargo.until, embargo.zone)} (${embargo.zone})${embargoAhead ? ` · ${w.publicCopies(formatInstant(locale, embargo.until, embargo.zone))}` : ''}` : w.noEmbargo}
        />
      </SummaryList>

      {embargoChanges.length ? (
        <section aria-labelledby="embargo-title">
          <h2 id="embargo-title" safe>
            {w.embargoUpdates}
          </h2>
          <ul>
            {embargoChanges.map((c) => (
              <li safe>{`${formatInstant(locale, c.at)}: ${c.by} · ${c.previous ? formatInstant(locale, c.previous) : w.noEmbargo} → ${formatInstant(locale, c.until)}`}</li>
            ))}
          </ul>
          <p>
            <a href={`${url}/recipients?kind=embargo_update`} safe>
              {w.embargoUpdatesLink(embargoChanges.reduce((sum, c) => sum + c.updates, 0))}
            </a>
          </p>
        </section>
      ) : (
        ''
      )}

      {socialPosts.length ? (
        <section aria-labelledby="social-title">
          <h2 id="social-title" safe>
            {w.social}
          </h2>
          <ul class="plain">
            {socialPosts.map((p) => (
              <li>
                <span safe>{`${p.channel} · ${p.name ?? p.address}`}</span> <DeliveryTag t={t} status={p.status} />{' '}
                {p.url?.startsWith('https://') ? (
                  <a href={p.url} safe>
                    {w.openPost(p.channel)}
                  </a>
                ) : p.status === 'dry_run' ? (
                  ''
                ) : (
                  <span class="muted" safe>
                    {w.notPosted}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
    </Base>
  );
}
