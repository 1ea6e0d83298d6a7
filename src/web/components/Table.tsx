/**
 * A data table as the desk draws them: scrolling sideways inside `.table-wrap` on a narrow
 * screen, its caption for screen readers, a column heading each (a heading may be for screen
 * readers only, over a column of buttons).
 */
import type { Children } from '@kitajs/html';

export type Heading = string | { hidden: string };

export function Table(props: { caption: string; headings: Heading[]; class?: string; children: Children }) {
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
