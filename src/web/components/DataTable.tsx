/** A table that scrolls sideways on a narrow screen, with a caption for screen readers and a row of column headings. */
import type { Children } from '@kitajs/html';

/** A heading seen only by screen readers, for a column of links or buttons. */
export interface HiddenHeading {
  hidden: string;
}

export function DataTable(props: { caption: string; headings: (string | HiddenHeading)[]; class?: string; children: Children }) {
  return (
    <div class="table-wrap">
      <table class={props.class}>
        <caption class="visually-hidden" safe>
          {props.caption}
        </caption>
        <thead>
          <tr>
            {props.headings.map((h) =>
              typeof h === 'string' ? (
                <th scope="col" safe>
                  {h}
                </th>
              ) : (
                <th scope="col">
                  <span class="visually-hidden" safe>
                    {h.hidden}
                  </span>
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
