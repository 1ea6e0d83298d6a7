/** A page that changes one thing of a release: the way back to it, the form's problems, and the page's one heading. */
import type { Children } from '@kitajs/html';
import type { Release } from '../../releases/releases.repo.js';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';

export function ReleaseSubpage(props: { ctx: PageContext; release: Release; title: string; heading: string; errors: FieldError[]; children: Children }) {
  const { ctx, release, errors } = props;
  return (
    <Base ctx={ctx} title={props.title} failed={errors.length > 0} section="releases">
      <p>
        <a href={`/releases/${release.id}`} safe>
          {release.content.headline}
        </a>
      </p>
      <ErrorSummary t={ctx.t} errors={errors} />
      <h1 safe>{props.heading}</h1>
      {props.children}
    </Base>
  );
}
