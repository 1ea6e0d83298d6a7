/**
 * Correcting a draft: every part Presswire understood as a field, and beside the form (on a
 * wide screen; below it on a phone) the release as Presswire has it now, to compare.
 */
import type { Release } from '../../releases/releases.repo.js';
import type { FieldError } from '../components/ErrorSummary.js';
import type { PageContext } from '../page-context.js';
import type { ReleaseFormValues } from '../release-form.js';
import { ReleaseForm } from './ReleaseForm.js';
import { ReleaseSubpage } from './ReleaseSubpage.js';
import { Understood } from './Understood.js';

export interface EditReleaseProps {
  ctx: PageContext;
  release: Release;
  values: ReleaseFormValues;
  errors?: FieldError[];
  safeBodyHtml?: string;
}

export function EditRelease({ ctx, release, values, errors = [], safeBodyHtml }: EditReleaseProps) {
  const { t } = ctx;
  const page = `/releases/${release.id}`;
  return (
    <ReleaseSubpage ctx={ctx} release={release} title={t.authoring.edit.title(release.content.headline)} heading={t.authoring.edit.heading} errors={errors}>
      <p safe>{t.authoring.edit.intro}</p>
      <div class="side-by-side">
        <ReleaseForm ctx={ctx} action={`${page}/edit`} values={values} errors={errors} submit={t.authoring.edit.save} safeBodyHtml={safeBodyHtml} withEmbargo={!release.translationOf} />
        <aside class="side-by-side-aside" aria-labelledby="current-title">
          <h2 id="current-title" safe>
            {t.authoring.edit.current}
          </h2>
          <Understood ctx={ctx} content={release.content} />
        </aside>
      </div>
    </ReleaseSubpage>
  );
}
