/**
 * The signed-in person's own page: who they are, their role in this organisation, a
 * password to set or change, and the language of the desk (theirs, else the browser's).
 */
import type { Role } from '../../auth/roles.js';
import type { InterfaceLocale } from '../../people/own-account.js';
import { BackLink } from '../components/BackLink.js';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary.js';
import { Choices, CsrfInput, TextField } from '../components/Fields.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';

export type AccountNotice = 'password' | 'language';

export interface AccountProps {
  ctx: PageContext;
  email: string;
  role: Role;
  orgName: string;
  hasPassword: boolean;
  locale: InterfaceLocale | null;
  notice?: AccountNotice;
  errors?: FieldError[];
}

export function AccountPage({ ctx, email, role, orgName, hasPassword, locale, notice, errors = [] }: AccountProps) {
  const t = ctx.t.people.account;
  const roleName = ctx.t.people.roles[role];
  const notices: Record<AccountNotice, string> = { password: t.passwordSet, language: t.languageSet };
  return (
    <Base ctx={ctx} title={t.title} failed={errors.length > 0} section="account">
      <ErrorSummary t={ctx.t} errors={errors} />
      <h1 safe>{t.title}</h1>
      {notice ? (
        <p class="notice" role="status" safe>
          {notices[notice]}
        </p>
      ) : (
        ''
      )}
      <p safe>{t.who(email, roleName, orgName)}</p>
      <BackLink href="/releases" label={t.releases} />

      <h2 safe>{t.passwordTitle}</h2>
      <form method="post" action="/account/password" novalidate>
        <CsrfInput token={ctx.csrf} />
        <TextField id="password" label={hasPassword ? t.newPassword : t.choosePassword} type="password" autocomplete="new-password" required errors={errors} />
        <TextField id="confirm" label={t.confirm} type="password" autocomplete="new-password" required errors={errors} />
        <button type="submit" class="button" safe>
          {hasPassword ? t.changePassword : t.setPassword}
        </button>
      </form>

      <h2 safe>{t.languageTitle}</h2>
      <form method="post" action="/account/language">
        <CsrfInput token={ctx.csrf} />
        <Choices
          id="locale"
          type="radio"
          label={t.language}
          errors={errors}
          options={[
            { value: 'en', label: 'English' },
            { value: 'es', label: 'Español' },
            { value: 'browser', label: t.browser },
          ]}
          checked={[locale ?? 'browser']}
        />
        <button type="submit" class="button button-secondary" safe>
          {t.saveLanguage}
        </button>
      </form>
    </Base>
  );
}
