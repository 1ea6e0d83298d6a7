/** A part of a release's page under its own heading, named by it for assistive technology. */
import type { Children } from '@kitajs/html';

export function Section({ id, title, children }: { id: string; title: string; children: Children }) {
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} safe>
        {title}
      </h2>
      {children}
    </section>
  );
}
