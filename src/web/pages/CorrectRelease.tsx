/**
 * Correcting a finalized release: the form prefilled with what was sent, and the note saying
 * what changes. Saving makes a new draft version linked to the original.
 */
import type { Release } from '../../releases/releases.repo.js';
import type { FieldError } from '../components/ErrorSummary.js';
import type { PageContext } from '../page-context.js';
import type { ReleaseFormValues } from '../release-form.js';
import { ReleaseForm } from './ReleaseForm.js';
import { ReleaseSubpage } from './ReleaseSubpage.js';

export interface CorrectReleaseProps {
  ctx: PageContext;
  release: Release;
  values: ReleaseFormValues;
  note: string;
  errors?: FieldError[];
  safeBodyHtml?: string;
}

export function CorrectRelease({ ctx, release, values, note, errors = [], safeBodyHtml }: CorrectReleaseProps) {
  const w = ctx.t.authoring.correct;
  return (
    <ReleaseSubpage ctx={ctx} release={release} title={w.title(release.content.headline)} heading={w.heading} errors={errors}>
      <p safe>{w.intro}</p>
      <ReleaseForm
        ctx={ctx}
        action={`/releases/${release.id}/correct`}
        values={values}
        errors={errors}
        submit={w.save}
        safeBodyHtml={safeBodyHtml}
        withEmbargo={false}
        note={{ value: note, label: w.note, hint: w.noteHint }}
      />
    </ReleaseSubpage>
  );
}
