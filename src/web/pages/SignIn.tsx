/**
 * The pages of someone not signed in yet: sign in (a password, or a link by email), the
 * link sent, the link's landing button, and the first administrator. Plain forms that work
 * without any script; a form sent back with problems starts with the error summary.
 */
import { BackLink } from '../components/BackLink.js';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary.js';
import { CsrfInput, TextField } from '../components/Fields.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';

function SubmitButton(props: { label: string }) {
  return (
    <button type="submit" class="button" safe>
      {props.label}
    </button>
  );
}

export function SignInPage({ ctx, email, next, errors = [] }: { ctx: PageContext; email?: string; next?: string; errors?: FieldError[] }) {
  const t = ctx.t.people.signIn;
  return (
    <Base ctx={ctx} title={t.title} failed={errors.length > 0}>
      <ErrorSummary t={ctx.t} errors={errors} />
      <h1 safe>{t.title}</h1>
      <form method="post" action="/sign-in" novalidate>
        <CsrfInput token={ctx.csrf} />
        {next ? <input type="hidden" name="next" value={next} /> : ''}
        <TextField id="email" label={t.email} type="email" autocomplete="username" value={email} required errors={errors} />
        <TextField id="password" label={t.password} type="password" autocomplete="current-password" required errors={errors} />
        <SubmitButton label={t.submit} />
      </form>
      <h2 safe>{t.linkTitle}</h2>
      <form method="post" action="/sign-in/link" novalidate>
        <CsrfInput token={ctx.csrf} />
        <TextField id="link-email" name="email" label={t.email} hint={t.linkHint} type="email" autocomplete="username" required errors={errors} />
        <SubmitButton label={t.linkSubmit} />
      </form>
    </Base>
  );
}

export function LinkSent({ ctx, ttlMinutes }: { ctx: PageContext; ttlMinutes: number }) {
  const t = ctx.t.people.signIn;
  return (
    <Base ctx={ctx} title={t.sentTitle}>
      <h1 safe>{t.sentTitle}</h1>
      <p safe>{t.sent(ttlMinutes)}</p>
      <BackLink href="/sign-in" label={t.back} />
    </Base>
  );
}

/** A button, not an automatic sign-in: mail scanners open links, and must not use them up. */
export function LinkLanding({ ctx, token }: { ctx: PageContext; token: string }) {
  const t = ctx.t.people.signIn;
  return (
    <Base ctx={ctx} title={t.title}>
      <h1 safe>{t.title}</h1>
      <p safe>{t.landing}</p>
      <form method="post" action={`/sign-in/link/${token}`}>
        <CsrfInput token={ctx.csrf} />
        <SubmitButton label={t.submit} />
      </form>
    </Base>
  );
}

export function SetupPage({ ctx, token, email, errors = [] }: { ctx: PageContext; token: string; email?: string; errors?: FieldError[] }) {
  const t = ctx.t.people.setup;
  return (
    <Base ctx={ctx} title={t.title} failed={errors.length > 0}>
      <ErrorSummary t={ctx.t} errors={errors} />
      <h1 safe>{t.title}</h1>
      <p safe>{t.intro}</p>
      <form method="post" action={`/setup/${token}`} novalidate>
        <CsrfInput token={ctx.csrf} />
        <TextField id="email" label={t.email} type="email" autocomplete="username" value={email} required errors={errors} />
        <TextField id="password" label={t.password} type="password" autocomplete="new-password" required errors={errors} />
        <TextField id="confirm" label={t.confirm} type="password" autocomplete="new-password" required errors={errors} />
        <SubmitButton label={t.submit} />
      </form>
    </Base>
  );
}
