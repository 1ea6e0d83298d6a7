/** A page of contacts as a table (a list's members, or what a search found), with a link to the next page. */
import type { ContactView } from '../../contacts/contacts.service.js';
import type { PageContext } from '../page-context.js';
import { Table } from './Table.js';

/** Embargo OK as words: yes, no, or not said. */
export const embargoWords = (t: PageContext['t'], embargoOk: boolean | null): string => (embargoOk === null ? t.lists.notSaid : embargoOk ? t.lists.yes : t.lists.no);

export function ContactsTable(props: { ctx: PageContext; contacts: ContactView[]; caption: string; mayEdit: boolean; next?: { href: string; label: string } }) {
  const { t } = props.ctx;
  const c = t.lists.contacts;
  return (
    <>
      <Table caption={props.caption} class="contacts" columns={[c.name, c.email, c.outlet, c.language, c.embargoOk, ...(props.mayEdit ? [{ label: c.edit, hidden: true }] : [])]}>
        {props.contacts.map((contact) => (
          <tr>
            <td safe>{contact.name ?? ''}</td>
            <td safe>{contact.email}</td>
            <td safe>{contact.outlet ?? ''}</td>
            <td safe>{contact.language ?? ''}</td>
            <td safe>{embargoWords(t, contact.embargoOk)}</td>
            {props.mayEdit ? (
              <td>
                <a href={`/contacts/${encodeURIComponent(contact.id)}/edit`} aria-label={c.editLabel(contact.name ?? contact.email)} safe>
                  {c.edit}
                </a>
              </td>
            ) : (
              ''
            )}
          </tr>
        ))}
      </Table>
      {props.next ? (
        <p>
          <a href={props.next.href} rel="next" safe>
            {props.next.label}
          </a>
        </p>
      ) : (
        ''
      )}
    </>
  );
}
