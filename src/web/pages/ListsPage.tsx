/** One list: its contacts a page at a time, whether it gets embargoed releases early, and importing more into it. */
import type { ContactView } from '../../contacts/contacts.service.js';
import { ContactsTable } from '../components/ContactsTable.js';
import { ActionButton } from '../components/Fields.js';
import { SummaryList, Row, TextRow } from '../components/SummaryList.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';
import { listHref } from './ListsIndex.js';
import { reportHref } from './ListsImportReport.js';

export interface ListPageProps {
  ctx: PageContext;
  list: { name: string; members: number; earlyAccess: boolean };
  contacts: ContactView[];
  /** Where the next page of contacts starts, if there is one. */
  next: string | null;
  mayEdit: boolean;
}

export function ListsPage({ ctx, list, contacts, next, mayEdit }: ListPageProps) {
  const { t, locale } = ctx;
  const l = t.lists.list;
  const href = listHref(list.name);
  return (
    <Base ctx={ctx} title={list.name} section="lists">
      <div class="page-heading">
        <h1 safe>{list.name}</h1>
        {mayEdit ? (
          <a class="button" href={`/lists/import?list=${encodeURIComponent(list.name)}`} safe>
            {l.importInto}
          </a>
        ) : (
          ''
        )}
      </div>
      <SummaryList>
        <TextRow label={l.count} text={new Intl.NumberFormat(locale).format(list.members)} />
        <Row label={l.earlyAccess}>
          <p class="strong" safe>
            {list.earlyAccess ? t.lists.yes : t.lists.no}
          </p>
          <p class="hint" safe>
            {l.earlyAccessHint}
          </p>
          {mayEdit ? (
            <ActionButton
              action={`${href}/early-access`}
              csrf={ctx.csrf}
              label={list.earlyAccess ? l.revoke : l.grant}
              kind="secondary"
              hidden={{ earlyAccess: list.earlyAccess ? 'no' : 'yes' }}
            />
          ) : (
            ''
          )}
        </Row>
      </SummaryList>
      <p>
        <a href={reportHref(list.name)} safe>
          {l.lastImport}
        </a>
      </p>
      <h2 safe>{l.contacts}</h2>
      {contacts.length === 0 ? (
        <p safe>{l.empty}</p>
      ) : (
        <ContactsTable ctx={ctx} contacts={contacts} caption={l.caption(list.name)} mayEdit={mayEdit} next={next ? { href: `${href}?after=${encodeURIComponent(next)}`, label: l.next } : undefined} />
      )}
    </Base>
  );
}
