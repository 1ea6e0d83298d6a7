/** Before an administrator mails a suppressed address again: why it was suppressed, and their reason for the record. */
import { ErrorSummary, type FieldError } from '../components/ErrorSummary.js';
import { CsrfInput, TextField } from '../components/Fields.js';
import { SummaryList, TextRow } from '../components/SummaryList.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';

export function SuppressionsRestore({ ctx, email, was, reason, errors = [] }: { ctx: PageContext; email: string; was: string | undefined; reason?: string; errors?: FieldError[] }) {
  const { t } = ctx;
  const r = t.lists.restore;
  return (
    <Base ctx={ctx} title={r.title(email)} failed={errors.length > 0} section="lists">
      <ErrorSummary t={t} errors={errors} />
      <h1 safe>{r.title(email)}</h1>
      <p safe>{r.intro}</p>
      <SummaryList>
        <TextRow label={r.was} text={was} />
      </SummaryList>
      <form method="post" action="/suppressions/restore" novalidate>
        <CsrfInput token={ctx.csrf} />
        <input type="hidden" name="email" value={email} />
        <TextField id="reason" label={r.reason} hint={r.reasonHint} value={reason} errors={errors} />
        <button type="submit" class="button button-warning" safe>
          {r.submit}
        </button>
      </form>
      <p>
        <a href="/suppressions" safe>
          {r.cancel}
        </a>
      </p>
    </Base>
  );
}
