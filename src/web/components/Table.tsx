/**
 * A table of records: scrolls sideways inside `.table-wrap` on a narrow screen, named by its
 * caption (for screen readers only unless `showCaption`: the heading above usually says it), one column heading per field.
 */
import type { Children } from '@kitajs/html';

export interface Column {
  label: string;
  /** Right-aligned figures. */
  numeric?: boolean;
  /** Said to screen readers only (a column of row names). */
  hidden?: boolean;
}

export function Table(props: { caption: string; showCaption?: boolean; columns: (string | Column)[]; class?: string; children: Children }) {
  return (
    <div class="table-wrap">
      <table class={props.class}>
        <caption class={props.showCaption ? undefined : 'visually-hidden'} safe>
          {props.caption}
        </caption>
        <thead>
          <tr>
            {props.columns
              .map((c) => (typeof c === 'string' ? { label: c } : c))
              .map((c) => (
                <th scope="col" class={c.numeric ? 'numeric' : undefined}>
                  <span class={c.hidden ? 'visually-hidden' : undefined} safe>
                    {c.label}
                  </span>
                </th>
              ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
