/**
 * The organisation's API tokens, for its administrators: what each may do and when it was
 * last used (never its secret), making one — whose secret is shown on the answer page only,
 * once — and revoking one.
 */
import type { Role } from '../../auth/roles.js';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary.js';
import { ActionButton, CsrfInput, SelectField, TextField } from '../components/Fields.js';
import { BackLink } from '../components/BackLink.js';
import { Table } from '../components/Table.js';
import { formatInstant } from '../format.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';
import { PeopleLinks, roleOptions } from './People.js';

export interface TokenRow {
  id: string;
  name: string;
  role: Role;
  user: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function TokensList({ ctx, tokens }: { ctx: PageContext; tokens: TokenRow[] }) {
  const { locale } = ctx;
  const t = ctx.t.people.tokens;
  return (
    <Base ctx={ctx} title={t.title} section="people">
      <PeopleLinks ctx={ctx} current="tokens" />
      <div class="page-heading">
        <h1 safe>{t.title}</h1>
        <a class="button" href="/people/tokens/new" safe>
          {t.create}
        </a>
      </div>
      <p safe>{t.intro}</p>
      {tokens.length === 0 ? (
        <p safe>{t.none}</p>
      ) : (
        <Table caption={t.caption} columns={[t.name, t.role, t.user, t.created, t.lastUsed, t.status]} class="tokens">
          {tokens.map((k) => (
            <tr>
              <td safe>{k.name}</td>
              <td safe>{ctx.t.people.roles[k.role]}</td>
              <td safe>{k.user ?? t.service}</td>
              <td safe>{formatInstant(locale, k.createdAt)}</td>
              <td safe>{k.lastUsedAt ? formatInstant(locale, k.lastUsedAt) : t.never}</td>
              <td>
                {k.revokedAt ? (
                  <span safe>{t.revoked(formatInstant(locale, k.revokedAt))}</span>
                ) : (
                  <ActionButton action={`/people/tokens/${k.id}/revoke`} csrf={ctx.csrf} label={t.revoke(k.name)} kind="warning" />
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </Base>
  );
}

export interface TokenForm {
  name?: string;
  role?: string;
  user?: string;
}

export function NewToken({ ctx, members, form = {}, errors = [] }: { ctx: PageContext; members: string[]; form?: TokenForm; errors?: FieldError[] }) {
  const t = ctx.t.people.newToken;
  const people = [{ value: '', label: t.nobody }, ...members.map((m) => ({ value: m, label: m }))];
  return (
    <Base ctx={ctx} title={t.title} failed={errors.length > 0} section="people">
      <ErrorSummary t={ctx.t} errors={errors} />
      <h1 safe>{t.title}</h1>
      <form method="post" action="/people/tokens/new" novalidate>
        <CsrfInput token={ctx.csrf} />
        <TextField id="name" label={t.name} hint={t.nameHint} value={form.name} autocomplete="off" required errors={errors} />
        <SelectField id="role" label={t.role} hint={t.roleHint} options={roleOptions(ctx.t)} value={form.role ?? 'viewer'} errors={errors} />
        <SelectField id="user" label={t.user} options={people} value={form.user ?? ''} errors={errors} />
        <button type="submit" class="button" safe>
          {t.submit}
        </button>
      </form>
      <BackLink href="/people/tokens" label={t.back} />
    </Base>
  );
}

/** The only page that ever shows a token's secret: the answer to making it (never a redirect, never logged). */
export function TokenCreated({ ctx, name, token }: { ctx: PageContext; name: string; token: string }) {
  const t = ctx.t.people.newToken;
  return (
    <Base ctx={ctx} title={t.createdTitle(name)} section="people">
      <h1 safe>{t.createdTitle(name)}</h1>
      <div class="notice">
        <p class="strong" safe>
          {t.warning}
        </p>
        <p>
          <label for="token-secret" safe>
            {t.secret}
          </label>
        </p>
        <input id="token-secret" class="input secret" type="text" readonly value={token} autocomplete="off" spellcheck="false" />
      </div>
      <BackLink href="/people/tokens" label={t.back} />
    </Base>
  );
}
