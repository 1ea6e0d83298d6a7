/** Sending oneself a test copy: to the signed-in person's own address, which the page names. */
import { ActionButton } from '../../components/Fields.js';
import type { PageContext } from '../../page-context.js';
import { Section } from './Section.js';

export function TestSend({ ctx, releaseId, address, embargoed }: { ctx: PageContext; releaseId: string; address: string; embargoed: boolean }) {
  const w = ctx.t.authoring.testSend;
  return (
    <Section id="test-send" title={w.heading}>
      <p safe>{embargoed ? w.introEmbargoed(address) : w.intro(address)}</p>
      <ActionButton action={`/releases/${releaseId}/test-send`} csrf={ctx.csrf} label={w.button} kind="secondary" />
    </Section>
  );
}

/** What the last test did, after the redirect: where it went, and the outbox for those who read it. */
export function TestSent({ ctx, to }: { ctx: PageContext; to: string }) {
  return (
    <div class="notice" role="status">
      <p safe>{ctx.t.authoring.testSend.sent(to)}</p>
      {ctx.viewer?.outbox ? (
        <p>
          <a href="/outbox" safe>
            {ctx.t.authoring.testSend.outbox}
          </a>
        </p>
      ) : (
        ''
      )}
    </div>
  );
}
