/**
 * The organisation's people, for its administrators: who is a member and with which role,
 * changing a role, adding someone (whose one-time sign-in link is shown once, to hand
 * over) and removing someone after saying what that does.
 */
import { roles, type Role } from '../../auth/roles.js';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary.js';
import { ActionButton, CsrfInput, SelectField, TextField, type Option } from '../components/Fields.js';
import { BackLink } from '../components/BackLink.js';
import { Table } from '../components/Table.js';
import { formatInstant } from '../format.js';
import { Base } from '../layouts/Base.js';
import type { Messages } from '../i18n/en.js';
import type { PageContext } from '../page-context.js';

export interface Member {
  email: string;
  /** Epoch ms; undefined when the audit log has no sign-in of theirs here. */
  lastSignIn?: number;
  role: Role;
  hasPassword: boolean;
  memberSince: string;
}

export const roleOptions = (t: Messages): Option[] => roles.map((r) => ({ value: r, label: `${t.people.roles[r]} — ${t.people.roleHints[r]}` }));

/** Between the two admin pages of this section. */
export function PeopleLinks({ ctx, current }: { ctx: PageContext; current: 'people' | 'tokens' }) {
  const t = ctx.t.people;
  return (
    <nav aria-label={t.people.title} class="sub-nav">
      <a href="/people" aria-current={current === 'people' ? 'page' : undefined} safe>
        {t.people.title}
      </a>
      {' · '}
      <a href="/people/tokens" aria-current={current === 'tokens' ? 'page' : undefined} safe>
        {t.tokens.title}
      </a>
    </nav>
  );
}

export function PeopleList({ ctx, members }: { ctx: PageContext; members: Member[] }) {
  const { locale } = ctx;
  const t = ctx.t.people.people;
  return (
    <Base ctx={ctx} title={t.title} section="people">
      <PeopleLinks ctx={ctx} current="people" />
      <div class="page-heading">
        <h1 safe>{t.title}</h1>
        <a class="button" href="/people/new" safe>
          {t.add}
        </a>
      </div>
      <p safe>{t.intro}</p>
      <Table caption={t.caption} columns={[t.email, t.role, t.password, t.lastSignIn, t.since, t.actions]} class="people">
        {members.map((m, i) => (
          <tr>
            <td safe>{m.email}</td>
            <td safe>{ctx.t.people.roles[m.role]}</td>
            <td safe>{m.hasPassword ? t.hasPassword : t.noPassword}</td>
            <td safe>{m.lastSignIn === undefined ? t.notYet : formatInstant(locale, m.lastSignIn)}</td>
            <td safe>{formatInstant(locale, m.memberSince)}</td>
            <td>
              <form method="post" action="/people/role" class="inline-form">
                <CsrfInput token={ctx.csrf} />
                <input type="hidden" name="email" value={m.email} />
                <SelectField id={`role-${i}`} name="role" label={t.newRole(m.email)} options={roleOptions(ctx.t)} value={m.role} />
                <button type="submit" class="button button-secondary" safe>
                  {t.changeRole}
                </button>
              </form>
              <a class="button button-warning" href={`/people/remove?email=${encodeURIComponent(m.email)}`} safe>
                {t.remove}
              </a>
            </td>
          </tr>
        ))}
      </Table>
    </Base>
  );
}

export function AddPerson({ ctx, email, role, errors = [] }: { ctx: PageContext; email?: string; role?: string; errors?: FieldError[] }) {
  const t = ctx.t.people.addPerson;
  return (
    <Base ctx={ctx} title={t.title} failed={errors.length > 0} section="people">
      <ErrorSummary t={ctx.t} errors={errors} />
      <h1 safe>{t.title}</h1>
      <p safe>{t.intro}</p>
      <form method="post" action="/people/new" novalidate>
        <CsrfInput token={ctx.csrf} />
        <TextField id="email" label={t.email} type="email" autocomplete="off" value={email} required errors={errors} />
        <SelectField id="role" label={t.role} options={roleOptions(ctx.t)} value={role ?? 'editor'} errors={errors} />
        <button type="submit" class="button" safe>
          {t.submit}
        </button>
      </form>
      <BackLink href="/people" label={t.back} />
    </Base>
  );
}

/** The answer to adding someone: their sign-in link, once (it is in no URL and no log). */
export function PersonAdded({ ctx, email, role, signInUrl, expiresAt }: { ctx: PageContext; email: string; role: Role; signInUrl: string; expiresAt: string }) {
  const t = ctx.t.people.addPerson;
  return (
    <Base ctx={ctx} title={t.addedTitle(email)} section="people">
      <h1 safe>{t.addedTitle(email)}</h1>
      <p safe>{t.added(email, ctx.t.people.roles[role])}</p>
      <div class="notice">
        <h2 safe>{t.link}</h2>
        <p safe>{t.handOver}</p>
        <p>
          <code class="secret" safe>
            {signInUrl}
          </code>
        </p>
        <p safe>{t.expires(formatInstant(ctx.locale, expiresAt))}</p>
      </div>
      <BackLink href="/people" label={t.back} />
    </Base>
  );
}

export function RemovePerson({ ctx, email }: { ctx: PageContext; email: string }) {
  const t = ctx.t.people.removePerson;
  return (
    <Base ctx={ctx} title={t.title(email)} section="people">
      <h1 safe>{t.title(email)}</h1>
      <p safe>{t.warning}</p>
      <ActionButton action="/people/remove" csrf={ctx.csrf} label={t.submit(email)} kind="warning" hidden={{ email }} />
      <a class="button button-secondary" href="/people" safe>
        {t.cancel}
      </a>
    </Base>
  );
}
