/**
 * Every part of a release as form fields: for correcting what Presswire understood, and for
 * writing a release from nothing. Repeated parts show each one there is plus one empty row to
 * add another (no script needed). The body's preview updates as one types when htmx runs;
 * without it the Preview button sends the form back with the preview filled in.
 */
import type { Children } from '@kitajs/html';
import type { FieldError } from '../components/ErrorSummary.js';
import { CsrfInput, SelectField, TextArea, TextField } from '../components/Fields.js';
import type { PageContext } from '../page-context.js';
import { contactParts, kindOptions, quoteParts, type ReleaseFormValues } from '../release-form.js';

export interface ReleaseFormProps {
  ctx: PageContext;
  action: string;
  values: ReleaseFormValues;
  errors: FieldError[];
  submit: string;
  /** The body as safe HTML, once previewed. */
  safeBodyHtml?: string;
  /** A translation shares its release's embargo: it has no fields of its own for it. */
  withEmbargo: boolean;
  /** A correction's note, asked first: what the correction changes. */
  note?: { value: string; label: string; hint: string };
}

/** Fields that belong together (one quote, one contact), under a legend. */
function RowGroup({ legend, hint, children }: { legend: string; hint: string | undefined; children: Children }) {
  return (
    <fieldset class="field-group">
      <legend safe>{legend}</legend>
      {hint ? (
        <p class="hint" safe>
          {hint}
        </p>
      ) : (
        ''
      )}
      {children}
    </fieldset>
  );
}

export function BodyPreview({ ctx, safeBodyHtml }: { ctx: PageContext; safeBodyHtml?: string }) {
  return safeBodyHtml ? <div class="release-body">{safeBodyHtml}</div> : <p class="muted" safe>{ctx.t.authoring.bodyPreview.empty}</p>;
}

export function ReleaseForm({ ctx, action, values, errors, submit, safeBodyHtml, withEmbargo, note }: ReleaseFormProps) {
  const { t } = ctx;
  const w = t.authoring.fields;
  const quotes = [...values.quotes, { text: '', speaker: '', title: '' }];
  const contacts = [...values.contacts, { name: '', title: '', organization: '', email: '', phone: '' }];
  const notes = [...values.notesToEditors, ''];
  return (
    <form method="post" action={action} novalidate class="release-form">
      <CsrfInput token={ctx.csrf} />
      {note ? <TextArea id="note" label={note.label} hint={note.hint} value={note.value} rows={3} errors={errors} /> : ''}
      <SelectField id="kind" label={w.plain.kind} options={kindOptions(t)} value={values.kind} errors={errors} />
      <TextField id="headline" label={w.plain.headline} value={values.headline} errors={errors} />
      <TextField id="subheadline" label={w.plain.subheadline} value={values.subheadline} errors={errors} />
      <TextField id="releaseDate" label={w.plain.releaseDate} hint={w.releaseDateHint} value={values.releaseDate} width="short" errors={errors} />
      <TextField id="dateline" label={w.plain.dateline} hint={w.datelineHint} value={values.dateline} errors={errors} />
      <TextField id="language" label={w.plain.language} hint={w.languageHint} value={values.language} width="short" errors={errors} />
      {/* The whole form goes with the preview request (htmx includes a form's fields), its token with it. */}
      <div hx-post="/releases/preview-body" hx-trigger="input changed delay:500ms from:#body" hx-target="#body-preview">
        <TextArea id="body" label={w.plain.body} hint={w.bodyHint} value={values.body} rows={16} errors={errors} />
      </div>
      <section class="body-preview" aria-labelledby="body-preview-title">
        <h2 id="body-preview-title" safe>
          {t.authoring.bodyPreview.heading}
        </h2>
        <div id="body-preview" aria-live="polite">
          <BodyPreview ctx={ctx} safeBodyHtml={safeBodyHtml} />
        </div>
      </section>

      <h2 safe>{w.quotes}</h2>
      {quotes.map((q, i) => (
        <RowGroup legend={w.quote(i + 1)} hint={i === values.quotes.length ? w.addRowHint : undefined}>
          {quoteParts.map((part) =>
            part === 'text' ? (
              <TextArea id={`quotes.${i}.text`} label={w.quoteParts.text} value={q.text} rows={4} errors={errors} />
            ) : (
              <TextField id={`quotes.${i}.${part}`} label={w.quoteParts[part]} value={q[part]} errors={errors} />
            ),
          )}
        </RowGroup>
      ))}

      <h2 safe>{w.contacts}</h2>
      {contacts.map((c, i) => (
        <RowGroup legend={w.contact(i + 1)} hint={i === values.contacts.length ? w.addRowHint : undefined}>
          {contactParts.map((part) => (
            <TextField id={`contacts.${i}.${part}`} label={w.contactParts[part]} value={c[part]} type={part === 'email' ? 'email' : 'text'} errors={errors} />
          ))}
        </RowGroup>
      ))}

      <h2 safe>{w.boilerplate}</h2>
      <TextField id="boilerplate.heading" label={w.boilerplateHeading} value={values.boilerplateHeading} errors={errors} />
      <TextArea id="boilerplate.text" label={w.boilerplateText} value={values.boilerplateText} rows={5} errors={errors} />

      <h2 safe>{w.notes}</h2>
      {notes.map((note, i) => (
        <TextArea id={`notesToEditors.${i}`} label={w.note(i + 1)} hint={i === values.notesToEditors.length ? w.addRowHint : undefined} value={note} rows={3} errors={errors} />
      ))}

      {withEmbargo ? (
        <RowGroup legend={w.embargo} hint={w.embargoHint}>
          <TextField id="embargo.until" label={w.embargoUntil} type="datetime-local" value={values.embargoUntil} width="short" errors={errors} />
          <TextField id="embargo.zone" label={w.embargoZone} value={values.embargoZone} errors={errors} />
        </RowGroup>
      ) : (
        ''
      )}

      {/* Save comes first: Enter in a field presses the form's first button. */}
      <button type="submit" class="button" safe>
        {submit}
      </button>
      <button type="submit" name="intent" value="preview" class="button button-secondary" safe>
        {t.authoring.bodyPreview.button}
      </button>
    </form>
  );
}
