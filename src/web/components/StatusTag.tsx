/** A release's status as a coloured tag (the word carries the meaning; the colour only repeats it). */
import type { ReleaseStatus } from '../../releases/release.js';
import type { Messages } from '../i18n/en.js';

export function StatusTag(props: { t: Messages; status: ReleaseStatus }) {
  return (
    <strong class={`tag tag-${props.status}`} safe>
      {props.t.status[props.status]}
    </strong>
  );
}
