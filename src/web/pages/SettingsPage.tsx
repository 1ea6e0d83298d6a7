/**
 * The organisation's settings, beside a preview of the email they produce. The preview
 * follows the form before anything is saved: with htmx each change fetches a fresh frame;
 * without JavaScript the "Preview" button sends the form to this page by GET.
 */
import { ErrorSummary, type FieldError } from '../components/ErrorSummary.js';
import { Choices, CsrfInput, TextArea, TextField } from '../components/Fields.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';
import { colourField, colourNames, previewQuery, type SettingsForm } from '../settings-form.js';

export function PreviewFrame({ ctx, form }: { ctx: PageContext; form: SettingsForm }) {
  return <iframe id="email-preview" src={`/settings/preview?${previewQuery(form)}`} sandbox="" title={ctx.t.settings.previewFrame} width="640" height="900"></iframe>;
}

export function SettingsPage({ ctx, form, errors = [], saved = false }: { ctx: PageContext; form: SettingsForm; errors?: FieldError[]; saved?: boolean }) {
  const { t } = ctx;
  const s = t.settings;
  const text = (id: string, label: string, extra: { hint?: string; type?: 'email' | 'url' | 'color' | 'number'; autocomplete?: string } = {}) => (
    <TextField id={id} label={label} value={form[id]} errors={errors} width={extra.type === 'color' || extra.type === 'number' ? 'short' : undefined} {...extra} />
  );
  /** A setting chosen from a few values; `options` pairs each value with its words. */
  const oneOf = (id: string, label: string, options: [string, string][]) => (
    <Choices id={id} type="radio" label={label} options={options.map(([value, words]) => ({ value, label: words }))} checked={[form[id] ?? options[0]![0]]} errors={errors} />
  );
  return (
    <Base ctx={ctx} title={s.title} failed={errors.length > 0} section="settings">
      <ErrorSummary t={t} errors={errors} />
      {saved ? (
        <p class="notice" role="status" safe>
          {s.saved}
        </p>
      ) : (
        ''
      )}
      <h1 safe>{s.title}</h1>
      <p safe>{s.intro}</p>
      <div class="settings-layout">
        <form method="post" action="/settings" novalidate hx-get="/settings/frame" hx-trigger="change" hx-target="#email-preview" hx-swap="outerHTML" hx-params="not _csrf">
          <CsrfInput token={ctx.csrf} />
          <h2 safe>{s.organisation}</h2>
          {text('name', s.name, { autocomplete: 'organization' })}
          <TextArea id="postal-address" label={s.postalAddress} hint={s.postalAddressHint} value={form['postal-address']} rows={3} errors={errors} />
          {text('sender-name', s.senderName, { hint: s.senderNameHint })}
          {text('sender-address', s.senderAddress, { hint: s.senderAddressHint, type: 'email', autocomplete: 'email' })}
          {oneOf('approval', s.approval, [
            ['off', s.approvalOff],
            ['required', s.approvalRequired],
          ])}
          <h2 safe>{s.deliverability}</h2>
          {oneOf('tracking', s.tracking, [
            ['on', s.trackingOn],
            ['off', s.trackingOff],
          ])}
          {text('soft-bounce-limit', s.softBounceLimit, { hint: s.softBounceLimitHint, type: 'number' })}
          {text('soft-bounce-window-days', s.softBounceWindowDays, { type: 'number' })}
          <h2 safe>{s.theme}</h2>
          <p class="hint" safe>
            {s.themeIntro}
          </p>
          <div class="colour-fields">{colourNames.map((name) => text(colourField(name), s.colours[name], { type: 'color' }))}</div>
          {text('logo-url', s.logoUrl, { hint: s.logoUrlHint, type: 'url' })}
          <button type="submit" class="button" safe>
            {s.save}
          </button>{' '}
          <button type="submit" class="button button-secondary" formmethod="get" formaction="/settings" formnovalidate safe>
            {s.preview}
          </button>
        </form>
        <section aria-labelledby="preview-heading">
          <h2 id="preview-heading" safe>
            {s.previewHeading}
          </h2>
          <p class="hint" safe>
            {s.previewIntro}
          </p>
          <div class="preview preview-scroll">
            <PreviewFrame ctx={ctx} form={form} />
          </div>
        </section>
      </div>
    </Base>
  );
}
