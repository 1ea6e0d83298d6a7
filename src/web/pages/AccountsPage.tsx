/**
 * The organisation's social accounts: what state each is in, when it was last verified and
 * its last problem, so an account its network refused is found and reconnected. Admins add
 * and verify accounts from here.
 */
import type { AccountView } from '../../accounts/accounts.service.js';
import { ActionButton } from '../components/Fields.js';
import { Table } from '../components/Table.js';
import { formatInstant } from '../format.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';

const networks = ['x', 'bluesky', 'mastodon'] as const;

export function AccountsPage({ ctx, accounts, mayManage }: { ctx: PageContext; accounts: AccountView[]; mayManage: boolean }) {
  const { t, locale } = ctx;
  const a = t.settings.accounts;
  return (
    <Base ctx={ctx} title={a.title} section="accounts">
      <h1 safe>{a.title}</h1>
      <p safe>{a.intro}</p>
      {accounts.length === 0 ? (
        <p safe>{a.empty}</p>
      ) : (
        <Table caption={a.caption} columns={[a.network, a.name, a.status, a.verified, a.lastError, ...(mayManage ? [{ label: a.verify, hidden: true }] : [])]}>
          {accounts.map((account) => (
            <tr>
              <td safe>{t.settings.networks[account.network]}</td>
              <td safe>{account.name}</td>
              <td>
                <strong class={`tag tag-${account.status}`} safe>
                  {a.statuses[account.status]}
                </strong>
              </td>
              <td safe>{account.verifiedAt ? formatInstant(locale, account.verifiedAt) : a.never}</td>
              <td safe>{account.lastError ?? ''}</td>
              {mayManage ? (
                <td>
                  {account.hasCredentials ? <ActionButton action={`/accounts/${account.id}/verify`} csrf={ctx.csrf} label={a.verifyName(account.name)} kind="secondary" /> : ''}
                </td>
              ) : (
                ''
              )}
            </tr>
          ))}
        </Table>
      )}
      {mayManage ? (
        <section aria-labelledby="add-heading">
          <h2 id="add-heading" safe>
            {a.add}
          </h2>
          <ul class="plain link-list">
            {networks.map((network) => (
              <li>
                <a href={`/accounts/new/${network}`} safe>
                  {a.addNetwork[network]}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
    </Base>
  );
}
