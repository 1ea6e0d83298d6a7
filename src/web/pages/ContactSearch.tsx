/** Find contacts across every list by part of a name, address or outlet; without words, every contact by address. */
import type { ContactView } from '../../contacts/contacts.service.js';
import { ContactsTable } from '../components/ContactsTable.js';
import { TextField } from '../components/Fields.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';

export function ContactSearch({ ctx, q, contacts, next, mayEdit }: { ctx: PageContext; q: string; contacts: ContactView[]; next: string | null; mayEdit: boolean }) {
  const { t } = ctx;
  const c = t.lists.contacts;
  const nextHref = next ? `/contacts?${new URLSearchParams({ ...(q ? { q } : {}), after: next })}` : undefined;
  return (
    <Base ctx={ctx} title={c.title} section="lists">
      <h1 safe>{c.title}</h1>
      <form method="get" action="/contacts" role="search">
        <TextField id="q" type="search" label={c.search} hint={c.searchHint} value={q} />
        <button type="submit" class="button" safe>
          {c.submit}
        </button>
      </form>
      {contacts.length === 0 ? (
        <p safe>{c.none}</p>
      ) : (
        <>
          <p class="muted" role="status" safe>
            {c.found(contacts.length)}
          </p>
          <ContactsTable ctx={ctx} contacts={contacts} caption={c.caption} mayEdit={mayEdit} next={nextHref ? { href: nextHref, label: t.lists.list.next } : undefined} />
        </>
      )}
    </Base>
  );
}
