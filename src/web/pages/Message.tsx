/** A page that only says something: an error, with a way back. */
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';

export function Message({ ctx, title, detail }: { ctx: PageContext; title: string; detail: string }) {
  return (
    <Base ctx={ctx} title={title} failed>
      <h1 safe>{title}</h1>
      <p safe>{detail}</p>
      <p>
        <a href="/releases" safe>
          {ctx.t.errors.back}
        </a>
      </p>
    </Base>
  );
}
