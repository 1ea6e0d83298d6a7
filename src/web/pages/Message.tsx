/** A page that only says something: an error, with a way back (to the releases unless told). */
import { BackLink } from '../components/BackLink.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';

export function Message({ ctx, title, detail, back }: { ctx: PageContext; title: string; detail: string; back?: { href: string; label: string } }) {
  return (
    <Base ctx={ctx} title={title} failed>
      <h1 safe>{title}</h1>
      <p safe>{detail}</p>
      <BackLink href={back?.href ?? '/releases'} label={back?.label ?? ctx.t.errors.back} />
    </Base>
  );
}
