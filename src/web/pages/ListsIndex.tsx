/** Every list of the organisation with how many contacts it has and whether it gets embargoed releases early. */
import { Table } from '../components/Table.js';
import { formatInstant } from '../format.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';

export interface ListRow {
  name: string;
  members: number;
  earlyAccess: boolean;
  createdAt: number;
}

export const listHref = (name: string): string => `/lists/${encodeURIComponent(name)}`;

export function ListsIndex({ ctx, lists, mayImport }: { ctx: PageContext; lists: ListRow[]; mayImport: boolean }) {
  const { t, locale } = ctx;
  const l = t.lists.lists;
  return (
    <Base ctx={ctx} title={l.title} section="lists">
      <div class="page-heading">
        <h1 safe>{l.title}</h1>
        {mayImport ? (
          <a class="button" href="/lists/import" safe>
            {l.importAction}
          </a>
        ) : (
          ''
        )}
      </div>
      <p safe>{l.intro}</p>
      <ul class="plain">
        <li>
          <a href="/contacts" safe>
            {l.findContact}
          </a>
        </li>
        <li>
          <a href="/suppressions" safe>
            {l.suppressions}
          </a>
        </li>
      </ul>
      {lists.length === 0 ? (
        <p class="notice" safe>
          {l.empty}
        </p>
      ) : (
        <Table caption={l.caption} columns={[l.name, l.contacts, l.earlyAccess, l.created]}>
          {lists.map((list) => (
            <tr>
              <td>
                <a href={listHref(list.name)} safe>
                  {list.name}
                </a>
              </td>
              <td safe>{new Intl.NumberFormat(locale).format(list.members)}</td>
              <td safe>{list.earlyAccess ? t.lists.yes : t.lists.no}</td>
              <td safe>{formatInstant(locale, list.createdAt)}</td>
            </tr>
          ))}
        </Table>
      )}
    </Base>
  );
}
