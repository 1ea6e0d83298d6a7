/** Setting a draft's image: the file and its alt text, both required (the alt text is how people who cannot see it read it). */
import type { Release } from '../../releases/releases.repo.js';
import type { FieldError } from '../components/ErrorSummary.js';
import { CsrfInput, FileField, TextField } from '../components/Fields.js';
import type { PageContext } from '../page-context.js';
import { ReleaseSubpage } from './ReleaseSubpage.js';

export function ReleaseImagePage({ ctx, release, alt, errors = [] }: { ctx: PageContext; release: Release; alt?: string; errors?: FieldError[] }) {
  const w = ctx.t.authoring.image;
  return (
    <ReleaseSubpage ctx={ctx} release={release} title={`${w.heading}: ${release.content.headline}`} heading={w.heading} errors={errors}>
      <form method="post" action={`/releases/${release.id}/image`} enctype="multipart/form-data" novalidate>
        <CsrfInput token={ctx.csrf} />
        <FileField id="file" label={w.file} hint={w.fileHint} accept="image/png,image/jpeg,image/gif,image/webp" errors={errors} />
        <TextField id="alt" label={w.alt} hint={w.altHint} value={alt} errors={errors} />
        <button type="submit" class="button" safe>
          {w.add}
        </button>
      </form>
    </ReleaseSubpage>
  );
}
