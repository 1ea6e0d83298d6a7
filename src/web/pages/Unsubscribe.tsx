/**
 * The unsubscribe page, for a journalist following the link in a message: not signed in, so
 * no navigation, in their language. GET only asks (a link scanner must not unsubscribe
 * anyone); the button posts the RFC 8058 one-click form.
 */
import type { Strings } from '../../rendering/strings.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';

export type UnsubscribeState = { kind: 'invalid' } | { kind: 'ask'; token: string; question: string } | { kind: 'done'; said: string };

export function UnsubscribePage({ ctx, texts, state }: { ctx: PageContext; texts: Strings['unsubscribePage']; state: UnsubscribeState }) {
  return (
    <Base ctx={ctx} title={texts.title}>
      <h1 safe>{texts.title}</h1>
      {state.kind === 'invalid' ? <p safe>{texts.invalidLink}</p> : ''}
      {state.kind === 'done' ? <p safe>{state.said}</p> : ''}
      {state.kind === 'ask' ? <p safe>{state.question}</p> : ''}
      {state.kind === 'ask' ? (
          <form method="post" action={`/u/${encodeURIComponent(state.token)}`}>
            <input type="hidden" name="List-Unsubscribe" value="One-Click" />
            <button type="submit" class="button" safe>
              {texts.button}
            </button>
          </form>
      ) : (
        ''
      )}
    </Base>
  );
}
