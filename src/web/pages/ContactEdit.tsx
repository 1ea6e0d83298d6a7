/** Correct what is known of one contact: everything but the address, which is who the contact is. */
import { BackLink } from '../components/BackLink.js';
import type { ContactView } from '../../contacts/contacts.service.js';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary.js';
import { Choices, CsrfInput, TextField } from '../components/Fields.js';
import { SummaryList, TextRow } from '../components/SummaryList.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';

/** The text fields of the form, in the order the page shows them. */
export const contactTextFields = ['name', 'outlet', 'title', 'beat', 'city', 'region', 'country', 'language', 'twitter', 'phone'] as const;
export type ContactTextField = (typeof contactTextFields)[number];

export type EmbargoChoice = 'yes' | 'no' | 'unknown';

export interface ContactFormValues {
  texts: Record<ContactTextField, string>;
  embargoOk: EmbargoChoice;
  tracking: 'on' | 'off';
}

export const formValuesOf = (contact: ContactView): ContactFormValues => ({
  texts: Object.fromEntries(contactTextFields.map((f) => [f, contact[f] ?? ''])) as Record<ContactTextField, string>,
  embargoOk: contact.embargoOk === null ? 'unknown' : contact.embargoOk ? 'yes' : 'no',
  tracking: contact.trackingOff ? 'off' : 'on',
});

export function fieldLabel(t: PageContext['t'], field: ContactTextField): string {
  const e = t.lists.edit;
  return field === 'title' ? e.jobTitle : e[field];
}

/** The contact's yes/no questions: may they have embargoed copies, may we track them. */
function radioGroups(e: PageContext['t']['lists']['edit'], values: ContactFormValues) {
  return [
    {
      id: 'embargoOk',
      label: e.embargoOk,
      checked: [values.embargoOk],
      options: [
        { value: 'yes', label: e.embargoYes },
        { value: 'no', label: e.embargoNo },
        { value: 'unknown', label: e.embargoNotSaid },
      ],
    },
    { id: 'tracking', label: e.tracking, checked: [values.tracking], options: [{ value: 'on', label: e.trackingOn }, { value: 'off', label: e.trackingOff }] },
  ];
}

export function ContactEdit({ ctx, contact, values, saved, errors = [] }: { ctx: PageContext; contact: ContactView; values: ContactFormValues; saved: boolean; errors?: FieldError[] }) {
  const { t } = ctx;
  const e = t.lists.edit;
  const who = contact.name ?? contact.email;
  return (
    <Base ctx={ctx} title={e.title(who)} failed={errors.length > 0} section="lists">
      <ErrorSummary t={t} errors={errors} />
      {saved ? (
        <p class="notice" role="status" safe>
          {e.saved}
        </p>
      ) : (
        ''
      )}
      <h1 safe>{e.title(who)}</h1>
      <p>
        <a href={`/contacts/${contact.id}/history`} safe>
          {t.reports.history}
        </a>
      </p>
      <SummaryList>
        <TextRow label={e.address} text={contact.email} />
      </SummaryList>
      <p class="hint" safe>
        {e.addressHint}
      </p>
      <form method="post" action={`/contacts/${encodeURIComponent(contact.id)}/edit`} novalidate>
        <CsrfInput token={ctx.csrf} />
        {contactTextFields.map((field) => (
          <TextField id={field} label={fieldLabel(t, field)} hint={field === 'language' ? e.languageHint : undefined} value={values.texts[field]} errors={errors} width={field === 'language' ? 'short' : 'full'} />
        ))}
        {radioGroups(e, values).map((group) => (
          <Choices type="radio" errors={errors} {...group} />
        ))}
        <button type="submit" class="button" safe>
          {e.submit}
        </button>
      </form>
      <BackLink href="/contacts" label={e.back} />
    </Base>
  );
}
