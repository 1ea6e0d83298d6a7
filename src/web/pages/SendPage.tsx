/**
 * The Send page of a finalized release: which media lists and social accounts, now or at a
 * time in a chosen zone, the embargo in words, and the preflight before the button. Without
 * JavaScript, "Check before sending" answers this page with the preflight filled in; with
 * htmx, the preflight refreshes as the choices change. The final button says what it does.
 */
import type { Preflight } from '../../distribution/preflight.js';
import type { Release } from '../../releases/releases.repo.js';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary.js';
import { Choices, CsrfInput, SelectField, TextField } from '../components/Fields.js';
import { PreflightPanel, preflightPanelId, sendAction } from '../components/PreflightPanel.js';
import { Row, SummaryList } from '../components/SummaryList.js';
import { formatInstant } from '../format.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';

export interface SendChoices {
  lists: string[];
  channels: string[];
  when: 'now' | 'later';
  /** A datetime-local value, "2031-03-11T09:00". */
  at: string;
  zone: string;
  /** Made when the page was first shown: the same form sent twice makes one send. */
  key: string;
}

export interface SendPageProps {
  ctx: PageContext;
  release: Release;
  lists: { name: string; members: number; earlyAccess: boolean }[];
  accounts: { id: string; name: string; networkName: string }[];
  zones: string[];
  choices: SendChoices;
  /** May send (a viewer may only check). */
  maySend: boolean;
  preflight?: Preflight;
  errors?: FieldError[];
}

const mayPress = (p: Preflight | undefined, maySend: boolean): p is Preflight => p !== undefined && p.problems.length === 0 && maySend;

/** The preflight with the final button when nothing blocks it: the whole page's panel, and what htmx swaps in. */
export function SendPanel(props: { ctx: PageContext; releaseId: string; preflight?: Preflight; errors?: FieldError[]; maySend: boolean; zone: string }) {
  const { ctx, preflight } = props;
  return (
    <PreflightPanel ctx={ctx} preflight={preflight} errors={props.errors} sending>
      {mayPress(preflight, props.maySend) ? (
        <button type="submit" class="button" formaction={`/releases/${props.releaseId}/send`} safe>
          {ctx.t.sending.sendButton(sendAction(ctx, preflight, props.zone), preflight.approvalRequired)}
        </button>
      ) : (
        ''
      )}
    </PreflightPanel>
  );
}

function DraftNotice({ ctx, release }: { ctx: PageContext; release: Release }) {
  const t = ctx.t.sending;
  return (
    <section class="notice" aria-labelledby="draft-title">
      <h2 id="draft-title" safe>
        {t.draftTitle}
      </h2>
      <p safe>{t.draftDetail}</p>
      <p>
        <a href={`/releases/${release.id}`} safe>
          {t.draftLink}
        </a>
      </p>
    </section>
  );
}

export function SendPage(props: SendPageProps) {
  const { ctx, release, choices, preflight, errors = [] } = props;
  const t = ctx.t.sending;
  const embargo = release.embargo;
  const action = `/releases/${release.id}/send`;
  return (
    <Base ctx={ctx} title={`${t.title}: ${release.content.headline}`} failed={errors.length > 0} section="releases">
      <p>
        <a href={`/releases/${release.id}`} safe>
          {t.back}
        </a>
      </p>
      <ErrorSummary t={ctx.t} errors={errors} />
      <h1 safe>{release.content.headline}</h1>
      <SummaryList>
        <Row label={t.embargo}>
          <span safe>{embargo ? t.embargoWords(formatInstant(ctx.locale, embargo.until, embargo.zone), embargo.zone) : t.noEmbargo}</span>
        </Row>
      </SummaryList>
      {release.status !== 'finalized' ? (
        <DraftNotice ctx={ctx} release={release} />
      ) : (
        <form method="post" action={`${action}/check`} hx-post={`${action}/preflight`} hx-trigger="change" hx-target={`#${preflightPanelId}`} hx-swap="outerHTML">
          <CsrfInput token={ctx.csrf} />
          <input type="hidden" name="key" value={choices.key} />
          {props.lists.length ? (
            <Choices
              id="lists"
              type="checkbox"
              label={t.lists}
              hint={t.listsHint}
              errors={errors}
              checked={choices.lists}
              options={props.lists.map((l) => ({ value: l.name, label: l.name, hint: [t.members(l.members), l.earlyAccess ? t.earlyAccess : ''].filter(Boolean).join(' · ') }))}
            />
          ) : (
            <p id="lists" safe>
              {t.noLists}
            </p>
          )}
          {props.accounts.length ? (
            <Choices
              id="channels"
              type="checkbox"
              label={t.accounts}
              hint={t.accountsHint}
              errors={errors}
              checked={choices.channels}
              options={props.accounts.map((a) => ({ value: a.id, label: `${a.networkName}: ${a.name}` }))}
            />
          ) : (
            <p class="muted" safe>
              {t.noAccounts}
            </p>
          )}
          <Choices
            id="when"
            type="radio"
            label={t.when}
            errors={errors}
            checked={[choices.when]}
            options={[
              { value: 'now', label: t.now },
              { value: 'later', label: t.later },
            ]}
          />
          <TextField id="at" type="datetime-local" label={t.at} hint={t.atHint} value={choices.at} errors={errors} width="short" />
          <SelectField id="zone" label={t.zone} value={choices.zone} errors={errors} options={props.zones.map((z) => ({ value: z, label: z.replace(/_/g, ' ') }))} />
          {props.maySend ? '' : <p class="notice" safe>{t.viewerNote}</p>}
          <button type="submit" class={mayPress(preflight, props.maySend) ? 'button button-secondary' : 'button'} safe>
            {t.check}
          </button>
          <SendPanel ctx={ctx} releaseId={release.id} preflight={preflight} maySend={props.maySend} zone={choices.zone} />
        </form>
      )}
    </Base>
  );
}
