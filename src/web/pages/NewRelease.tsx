/**
 * A new release from pasted text or an uploaded file. A plain multipart form: it works
 * without JavaScript, and a release Presswire cannot read comes back here with its problems.
 */
import { describedBy, ErrorSummary, FieldMessage, type FieldError } from '../components/ErrorSummary.js';
import { FileField } from '../components/Fields.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';

export function NewRelease({ ctx, text, errors = [] }: { ctx: PageContext; text?: string; errors?: FieldError[] }) {
  const { t } = ctx;
  return (
    <Base ctx={ctx} title={t.create.title} failed={errors.length > 0} section="releases">
      <ErrorSummary t={t} errors={errors} />
      <h1 safe>{t.create.title}</h1>
      <p safe>{t.create.intro}</p>
      <form method="post" action="/releases/new" enctype="multipart/form-data" novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrf} />
        <div class={errors.some((e) => e.field === 'text') ? 'field field-failed' : 'field'}>
          <label for="text" safe>
            {t.create.text}
          </label>
          <p class="hint" id="text-hint" safe>
            {t.create.textHint}
          </p>
          <FieldMessage id="text" errors={errors} />
          <textarea id="text" name="text" rows="18" spellcheck="true" aria-describedby={describedBy('text', errors, 'text-hint')} safe>
            {text ?? ''}
          </textarea>
        </div>
        <FileField id="file" label={t.create.file} accept=".md,.markdown,.txt,text/markdown,text/plain" errors={errors} />
        <button type="submit" class="button" safe>
          {t.create.submit}
        </button>
      </form>
      <h2 safe>{t.authoring.write.link}</h2>
      <p>
        <span safe>{t.authoring.write.linkIntro}</span>{' '}
        <a href="/releases/write" safe>
          {t.authoring.write.title}
        </a>
      </p>
    </Base>
  );
}
