/**
 * Adding a social account of one network: its handle, where it lives (Mastodon) and its keys.
 * The keys are password fields and are never written back into the page, not even when the
 * form fails: they are typed again.
 */
import { BackLink } from '../components/BackLink.js';
import type { NetworkId } from '../../channels/social/network.js';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary.js';
import { CsrfInput, TextField } from '../components/Fields.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';

type FieldName = 'appKey' | 'appSecret' | 'accessToken' | 'accessSecret' | 'appPassword' | 'instance';

/** Each network's fields beyond the handle, as `addAccount` names them under credentials and settings. */
export const accountFields: Record<NetworkId, { secrets: FieldName[]; settings: FieldName[] }> = {
  x: { secrets: ['appKey', 'appSecret', 'accessToken', 'accessSecret'], settings: [] },
  bluesky: { secrets: ['appPassword'], settings: [] },
  mastodon: { secrets: ['accessToken'], settings: ['instance'] },
};

export type AccountForm = Record<string, string>;

export function AddAccountPage({ ctx, network, form, errors = [] }: { ctx: PageContext; network: NetworkId; form: AccountForm; errors?: FieldError[] }) {
  const { t } = ctx;
  const a = t.settings.accounts;
  const title = a.addNetwork[network];
  const hints: Partial<Record<FieldName, string>> = { appPassword: a.appPasswordHint, instance: a.instanceHint };
  return (
    <Base ctx={ctx} title={title} failed={errors.length > 0} section="accounts">
      <ErrorSummary t={t} errors={errors} />
      <h1 safe>{title}</h1>
      <form method="post" action={`/accounts/new/${network}`} novalidate>
        <CsrfInput token={ctx.csrf} />
        <TextField id="name" label={a.handle} hint={a.handleHint[network]} value={form.name} errors={errors} autocomplete="off" />
        {accountFields[network].settings.map((id) => (
          <TextField id={id} label={a[id]} hint={hints[id]} type="url" value={form[id]} errors={errors} />
        ))}
        <p class="hint" safe>
          {a.keysHint}
        </p>
        {accountFields[network].secrets.map((id) => (
          <TextField id={id} label={a[id]} hint={hints[id]} type="password" autocomplete="off" errors={errors} />
        ))}
        <button type="submit" class="button" safe>
          {a.submit}
        </button>
      </form>
      <BackLink href="/accounts" label={a.back} />
    </Base>
  );
}
