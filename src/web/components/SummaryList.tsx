/** GOV.UK's "summary list": label → value rows. */
import type { Children } from '@kitajs/html';

export function SummaryList(props: { children: Children }) {
  return <dl class="summary-list">{props.children}</dl>;
}

/** A row holding markup the caller built. */
export function Row(props: { label: string; children: Children }) {
  return (
    <div class="summary-row">
      <dt safe>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

/** A row of plain text, escaped; left out when there is no text. */
export function TextRow(props: { label: string; text: string | undefined }) {
  return props.text ? (
    <div class="summary-row">
      <dt safe>{props.label}</dt>
      <dd safe>{props.text}</dd>
    </div>
  ) : (
    ''
  );
}
