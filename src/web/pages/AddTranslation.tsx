/** A translation of a draft, pasted: read as any release is, with the language the person names. */
import type { Release } from '../../releases/releases.repo.js';
import type { FieldError } from '../components/ErrorSummary.js';
import { CsrfInput, TextArea, TextField } from '../components/Fields.js';
import type { PageContext } from '../page-context.js';
import { ReleaseSubpage } from './ReleaseSubpage.js';

export function AddTranslation({ ctx, release, values = {}, errors = [] }: { ctx: PageContext; release: Release; values?: { language?: string; text?: string }; errors?: FieldError[] }) {
  const { t } = ctx;
  const w = t.authoring.translations;
  return (
    <ReleaseSubpage ctx={ctx} release={release} title={w.title(release.content.headline)} heading={w.heading1} errors={errors}>
      <p safe>{w.intro}</p>
      <form method="post" action={`/releases/${release.id}/translations/new`} novalidate>
        <CsrfInput token={ctx.csrf} />
        <TextField id="language" label={w.language} hint={w.languageHint} value={values.language} width="short" errors={errors} />
        <TextArea id="text" label={w.text} hint={t.create.textHint} value={values.text} rows={18} errors={errors} />
        <button type="submit" class="button" safe>
          {w.submit}
        </button>
      </form>
    </ReleaseSubpage>
  );
}
