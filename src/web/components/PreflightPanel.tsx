/**
 * The preflight, as the person sending and the person approving both read it: what would
 * block the send, who is emailed and who is not (and why), who gets it when, the size of
 * each email, each social post against its network, and what to check first. A live region:
 * when htmx refreshes it as choices change, screen readers hear the new counts.
 */
import type { Children } from '@kitajs/html';
import type { Preflight, PreflightIssue } from '../../distribution/preflight.js';
import type { SuppressionReason } from '../../distribution/preflight-audience.js';
import type { Messages } from '../i18n/en.js';
import { formatInstant, formatNumber, languageName, timeInZone } from '../format.js';
import type { PageContext } from '../page-context.js';
import type { FieldError } from './ErrorSummary.js';
import { Row, SummaryList } from './SummaryList.js';

export const preflightPanelId = 'preflight';

/** What the send does, in words for its button: "send to 214 journalists at 9:00 on Mar 10, 2031, Los Angeles time". */
export function sendAction(ctx: PageContext, p: Preflight, zone: string): string {
  const when = p.sendAt === null ? null : ctx.t.sending.sendTime(timeInZone(ctx.locale, p.sendAt, zone));
  return ctx.t.sending.sendAction({ journalists: p.email.wouldSend, accounts: p.social.length, when });
}

const linksOf = (p: Preflight, kind: 'insecureLinks' | 'unparseableLinks') => new Set(p.renders.flatMap((r) => r[kind])).size;

/** A problem or warning in the interface language, its numbers from the preflight. */
export function issueText(ctx: PageContext, p: Preflight, issue: PreflightIssue): string {
  const words = ctx.t.sending.panel.issue;
  switch (issue.code) {
    case 'social_refused':
      // The network's own rule, in the words the API gives (it names the network and its limit).
      return issue.message;
    case 'images_without_alt':
      return words.images_without_alt(new Set(p.renders.flatMap((r) => r.imagesWithoutAlt)).size);
    case 'insecure_links':
      return words.insecure_links(linksOf(p, 'insecureLinks'));
    case 'unparseable_links':
      return words.unparseable_links(linksOf(p, 'unparseableLinks'));
    case 'invalid_addresses':
      return words.invalid_addresses(p.email.skipped.invalidAddress);
    case 'no_address':
      return words.no_address(p.email.skipped.noAddress);
    case 'no_dkim_key':
      return words.no_dkim_key(p.dkim.domain);
    case 'dkim_other_domain':
      return words.dkim_other_domain(p.dkim.keyDomain ?? '', p.dkim.domain);
    case 'language_fallback':
      return words.language_fallback(p.email.languageFallback, languageName(ctx.locale, p.release.language));
    default:
      return words[issue.code];
  }
}

function Issues(props: { title: string; items: string[]; kind: 'problem' | 'warning' }) {
  return props.items.length ? (
    <div class={`notice notice-${props.kind}`}>
      <h3 safe>{props.title}</h3>
      <ul>
        {props.items.map((item) => (
          <li safe>{item}</li>
        ))}
      </ul>
    </div>
  ) : (
    ''
  );
}

function Lines(props: { items: string[] }) {
  return (
    <ul class="plain">
      {props.items.map((item) => (
        <li safe>{item}</li>
      ))}
    </ul>
  );
}

function EmailRows({ ctx, p }: { ctx: PageContext; p: Preflight }) {
  const { locale } = ctx;
  const words: Messages['sending']['panel'] = ctx.t.sending.panel;
  const { email } = p;
  const skipped = [
    ...Object.entries(email.skipped.suppressedByReason).map(([reason, n]) => (n ? words.suppressed[reason as SuppressionReason](n) : '')),
    email.skipped.duplicate ? words.duplicate(email.skipped.duplicate) : '',
    email.skipped.noAddress ? words.noAddress(email.skipped.noAddress) : '',
    email.skipped.invalidAddress ? words.invalid(email.skipped.invalidAddress) : '',
  ].filter(Boolean);
  const lift = p.release.embargo ? formatInstant(locale, p.release.embargo.until, p.release.embargo.zone) : '';
  return (
    <>
      <Row label={words.emailed}>
        <strong safe>{ctx.t.sending.members(email.wouldSend)}</strong>
      </Row>
      <Row label={words.byLanguage}>
        <Lines items={Object.entries(email.byLanguage).map(([language, n]) => `${languageName(locale, language)}: ${formatNumber(locale, n)}`)} />
      </Row>
      <Row label={words.skipped}>{skipped.length ? <Lines items={skipped} /> : <span safe>{words.nobodySkipped}</span>}</Row>
      <Row label={words.timing}>
        <span safe>{email.atLift ? words.split(email.embargoed, email.atLift, lift) : words.allAtStart}</span>
      </Row>
      <Row label={words.size}>
        <ul class="plain">
          {p.renders.map((r) => (
            <li>
              <span safe>{words.sizeOf(words.variants[r.variant], languageName(locale, r.language), formatNumber(locale, r.htmlBytes / 1024, 1))}</span>
              {r.overGmail ? (
                <strong class="preflight-over" safe>
                  {` — ${words.overGmail}`}
                </strong>
              ) : (
                ''
              )}
            </li>
          ))}
        </ul>
      </Row>
    </>
  );
}

export interface PreflightPanelProps {
  ctx: PageContext;
  preflight?: Preflight;
  /** What keeps the form from being checked at all (a time missing, nothing chosen). */
  errors?: FieldError[];
  /** For the person sending (else the approver): says that the button asks for approval. */
  sending?: boolean;
  /** The final action, when nothing blocks it. */
  children?: Children;
}

export function PreflightPanel({ ctx, preflight: p, errors = [], sending, children }: PreflightPanelProps) {
  const words = ctx.t.sending.panel;
  return (
    <section id={preflightPanelId} class="preflight" aria-labelledby="preflight-title" aria-live="polite">
      <h2 id="preflight-title" safe>
        {sending ? words.title : words.approverTitle}
      </h2>
      {errors.length ? (
        <Issues title={words.problems} kind="problem" items={errors.map((e) => e.message)} />
      ) : !p ? (
        <p safe>{words.empty}</p>
      ) : (
        <>
          <Issues title={words.problems} kind="problem" items={p.problems.map((i) => issueText(ctx, p, i))} />
          <SummaryList>
            {p.lists.length ? <EmailRows ctx={ctx} p={p} /> : ''}
            {p.social.length ? (
              <Row label={words.social}>
                <Lines items={p.social.map((s) => (s.refused ? words.refused(s.networkName, s.name) : words.posts(s.networkName, s.name, s.posts, s.longest, s.limit, s.unit)))} />
              </Row>
            ) : (
              ''
            )}
          </SummaryList>
          <Issues title={words.warnings} kind="warning" items={p.warnings.map((i) => issueText(ctx, p, i))} />
          {sending && p.approvalRequired ? <p class="notice" safe>{words.approval}</p> : ''}
          {children ?? ''}
        </>
      )}
    </section>
  );
}
