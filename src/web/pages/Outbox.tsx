/**
 * The development outbox: every message the server "sent" while no relay is configured,
 * newest first, and one message with its headers, its HTML part in a sandboxed frame (as a
 * mail client shows it) and its text part.
 */
import type { OutboxMessage } from '../../outbox/outbox-store.js';
import { SummaryList, TextRow } from '../components/SummaryList.js';
import { Table } from '../components/Table.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';

export interface OutboxRow {
  id: string;
  receivedAt: string;
  to: string;
  subject: string;
}

const hrefOf = (id: string, part = '') => `/outbox/${encodeURIComponent(id)}${part}`;

export function OutboxList({ ctx, dir, messages }: { ctx: PageContext; dir: string; messages: OutboxRow[] }) {
  const t = ctx.t.people.outbox;
  return (
    <Base ctx={ctx} title={t.title} section="outbox">
      <h1 safe>{t.title}</h1>
      <p class="muted" safe>
        {t.intro(dir)}
      </p>
      {messages.length === 0 ? (
        <p safe>{t.empty}</p>
      ) : (
        <Table caption={t.caption} columns={[t.received, t.to, t.subject, t.open]}>
          {messages.map((m) => (
            <tr>
              <td safe>{m.receivedAt.slice(0, 19).replace('T', ' ')}</td>
              <td safe>{m.to}</td>
              <td>
                <a href={hrefOf(m.id)} safe>
                  {m.subject || t.noSubject}
                </a>
              </td>
              <td>
                <a href={hrefOf(m.id, '/html')} safe>
                  {t.html}
                </a>
                {' · '}
                <a href={hrefOf(m.id, '/text')} safe>
                  {t.text}
                </a>
                {' · '}
                <a href={hrefOf(m.id, '/eml')} safe>
                  {t.eml}
                </a>
              </td>
            </tr>
          ))}
        </Table>
      )}
    </Base>
  );
}

export function OutboxMessagePage({ ctx, message, headers }: { ctx: PageContext; message: OutboxMessage; headers: { name: string; value: string | undefined }[] }) {
  const t = ctx.t.people.outbox;
  const title = message.subject || t.noSubject;
  return (
    <Base ctx={ctx} title={title} section="outbox">
      <p>
        <a href="/outbox" safe>
          {t.back}
        </a>
        {' · '}
        <a href={hrefOf(message.id, '/eml')} safe>
          {t.download}
        </a>
      </p>
      <h1 safe>{title}</h1>
      <h2 safe>{t.headers}</h2>
      <SummaryList>
        {headers.map((h) => (
          <TextRow label={h.name} text={h.value} />
        ))}
      </SummaryList>
      <h2 safe>{t.htmlPart}</h2>
      {message.html ? <iframe class="outbox-frame" sandbox="" src={hrefOf(message.id, '/html')} title={t.htmlFrame}></iframe> : <p safe>{t.none}</p>}
      <h2 safe>{t.textPart}</h2>
      <pre class="text-part" safe>
        {message.text}
      </pre>
    </Base>
  );
}
