/** Setting a draft's image: the file and its alt text, both required (the alt text is how people who cannot see it read it). */
import type { Release } from '../../releases/releases.repo.js';
import { describedBy, FieldMessage, type FieldError } from '../components/ErrorSummary.js';
import { CsrfInput, TextField } from '../components/Fields.js';
import type { PageContext } from '../page-context.js';
import { ReleaseSubpage } from './ReleaseSubpage.js';

export function ReleaseImagePage({ ctx, release, alt, errors = [] }: { ctx: PageContext; release: Release; alt?: string; errors?: FieldError[] }) {
  const w = ctx.t.authoring.image;
  return (
    <ReleaseSubpage ctx={ctx} release={release} title={`${w.heading}: ${release.content.headline}`} heading={w.heading} errors={errors}>
      <form method="post" action={`/releases/${release.id}/image`} enctype="multipart/form-data" novalidate>
        <CsrfInput token={ctx.csrf} />
        <div class={errors.some((e) => e.field === 'file') ? 'field field-failed' : 'field'}>
          <label for="file" safe>
            {w.file}
          </label>
          <p class="hint" id="file-hint" safe>
            {w.fileHint}
          </p>
          <FieldMessage id="file" errors={errors} />
          <input id="file" name="file" type="file" accept="image/png,image/jpeg,image/gif,image/webp" aria-describedby={describedBy('file', errors, 'file-hint')} />
        </div>
        <TextField id="alt" label={w.alt} hint={w.altHint} value={alt} errors={errors} />
        <button type="submit" class="button" safe>
          {w.add}
        </button>
      </form>
    </ReleaseSubpage>
  );
}
