/** A data table as every desk list shows one: scrolling sideways inside its frame on a narrow screen, a caption for screen readers, column headings. */
import type { Children } from '@kitajs/html';

export function Table(props: { caption: string; headings: string[]; class?: string; children: Children }) {
  return (
    <div class="table-wrap">
      <table class={props.class}>
        <caption class="visually-hidden" safe>
          {props.caption}
        </caption>
        <thead>
          <tr>
            {props.headings.map((h) => (
              <th scope="col" safe>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
