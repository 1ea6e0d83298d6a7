/** A release written in the desk, part by part, saved as a draft like an imported one. */
import { ErrorSummary, type FieldError } from '../components/ErrorSummary.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';
import type { ReleaseFormValues } from '../release-form.js';
import { ReleaseForm } from './ReleaseForm.js';

export function WriteRelease({ ctx, values, errors = [], safeBodyHtml }: { ctx: PageContext; values: ReleaseFormValues; errors?: FieldError[]; safeBodyHtml?: string }) {
  const { t } = ctx;
  return (
    <Base ctx={ctx} title={t.authoring.write.title} failed={errors.length > 0} section="releases">
      <ErrorSummary t={t} errors={errors} />
      <h1 safe>{t.authoring.write.title}</h1>
      <p safe>{t.authoring.write.intro}</p>
      <ReleaseForm ctx={ctx} action="/releases/write" values={values} errors={errors} submit={t.authoring.write.save} safeBodyHtml={safeBodyHtml} withEmbargo />
    </Base>
  );
}
