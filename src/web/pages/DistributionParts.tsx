/**
 * Pieces the send pages share: status tags in words, and the progress panel — rendered for
 * the page and, every second while the send runs, for its event stream. The panel needs only
 * the interface text (no form token), so the stream never touches the CSRF secret.
 */
import type { DeliveryStatus, DistributionStatus } from '../../db/schema.js';
import { allStatuses, successStatuses } from '../../ledger/owed.js';
import type { Progress } from '../../tracking/report.js';
import { Table } from '../components/Table.js';
import type { Messages } from '../i18n/en.js';
import type { Locale } from '../i18n/locale.js';

/** What the panel and the tags are rendered with: words and number formats, nothing of the session. */
export interface Words {
  t: Messages;
  locale: Locale;
}

/** Tag colours by what a status means, not one per status: the word carries the meaning. */
const tone = (status: DeliveryStatus | DistributionStatus): string => {
  if (['accepted', 'posted', 'dry_run', 'completed'].includes(status)) return 'tag-done';
  if (['failed', 'bounced', 'complained', 'completed_with_failures'].includes(status)) return 'tag-failed';
  if (['cancelled', 'suppressed'].includes(status)) return 'tag-draft';
  return 'tag-pending';
};

export function DistributionTag(props: { t: Messages; status: DistributionStatus }) {
  return (
    <strong class={`tag ${tone(props.status)}`} safe>
      {props.t.distributions.distributionStatus[props.status]}
    </strong>
  );
}

/** The send's status under its headline; the stream swaps it out of band with each panel, so the two never disagree. */
export function SendStatus(props: { t: Messages; status: DistributionStatus; outOfBand?: boolean }) {
  return (
    <p id="send-status" hx-swap-oob={props.outOfBand ? 'true' : undefined}>
      <DistributionTag t={props.t} status={props.status} />
    </p>
  );
}

export function DeliveryTag(props: { t: Messages; status: DeliveryStatus }) {
  return (
    <strong class={`tag ${tone(props.status)}`} safe>
      {props.t.distributions.deliveryStatus[props.status]}
    </strong>
  );
}

/**
 * Whether a send's page follows it live: while it prepares, sends or is paused. A scheduled
 * send may wait for days; its page is read as it is (and refreshed by hand) rather than
 * holding a stream open all that time.
 */
export const followedLive = (status: DistributionStatus): boolean => ['planning', 'sending', 'paused'].includes(status);

export const succeeded = (counts: Record<DeliveryStatus, number>): number => successStatuses.reduce((sum, s) => sum + counts[s], 0);

/** "Sending: 1,204 of 2,000 done · 38 a second · about 20 seconds left", or the end in words. */
function statusLine(t: Messages['distributions'], { report, perSecond }: Progress): string {
  const done = report.total - report.owed;
  if (report.status === 'sending') {
    const parts = [t.sendingLine(done, report.total)];
    if (perSecond > 0) parts.push(t.rate(perSecond), t.left(report.owed / perSecond));
    return parts.join(' · ');
  }
  const words = t.distributionStatus[report.status];
  if (!report.done) return report.statusReason ? `${words}: ${report.statusReason}` : words;
  return `${words}: ${t.finishedLine(succeeded(report.counts), report.total)}`;
}

/**
 * The actions of the page once the stream says the send ended (an out-of-band swap): Cancel
 * is gone; Retry needs a form token the stream does not have, so the page is offered again.
 */
export function EndedActions({ words, progress, pageUrl, maySend }: { words: Words; progress: Progress; pageUrl: string; maySend: boolean }) {
  return (
    <div id="send-actions" hx-swap-oob="true">
      {maySend && progress.report.counts.failed > 0 ? (
        <p class="notice">
          <a href={pageUrl} safe>
            {words.t.distributions.reloadToRetry}
          </a>
        </p>
      ) : (
        ''
      )}
    </div>
  );
}

/** The inside of the live region: replaced whole by each event of the stream. */
export function ProgressPanel({ words, progress, pageUrl }: { words: Words; progress: Progress; pageUrl: string }) {
  const t = words.t.distributions;
  const { report } = progress;
  const nf = new Intl.NumberFormat(words.locale);
  const shown = allStatuses.filter((s) => report.counts[s] > 0);
  return (
    <>
      <p class="progress-line" id="progress-line" safe>
        {statusLine(t, progress)}
      </p>
      <progress class="send-progress" max={String(Math.max(1, report.total))} value={String(report.total - report.owed)} aria-labelledby="progress-line"></progress>
      {shown.length ? (
        <Table caption={t.countsCaption} columns={[t.status, { label: t.count, numeric: true }]}>
          {shown.map((s) => (
            <tr>
              <td>
                <DeliveryTag t={words.t} status={s} />
              </td>
              <td class="numeric" safe>{nf.format(report.counts[s])}</td>
            </tr>
          ))}
        </Table>
      ) : (
        ''
      )}
      {report.possibleDuplicates > 0 ? <p class="notice" safe>{t.duplicates(report.possibleDuplicates)}</p> : ''}
      {report.done ? (
        ''
      ) : (
        <p class="hint">
          <span safe>{t.refreshHint}</span> <a href={pageUrl} safe>{t.refresh}</a>
        </p>
      )}
    </>
  );
}
