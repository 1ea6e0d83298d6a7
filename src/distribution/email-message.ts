/**
 * Turning a delivery row into the bytes sent to the relay: the variant's message is
 * compiled once per process (from the render stored at planning) and personalized here.
 */
import type { EmailMessage } from '../channels/email/email.channel.js';
import { compileMessage, personalizeMessage, type CompiledMessage, type Mailbox } from '../channels/email/mime.js';
import type { Db } from '../db/client.js';
import type { DeliveryRow } from '../db/schema.js';
import { slotValues } from '../rendering/personalize.js';
import { emailParts, RenderedEmail } from '../rendering/slots.js';
import type { TokenSigner } from '../tracking/tokens.js';

/** Compiled messages by variant, bounded so a long-lived worker does not grow without end. */
export class MessageCache {
  private readonly entries = new Map<string, Promise<CompiledMessage>>();
  constructor(private readonly limit = 64) {}

  get(key: string, load: () => Promise<CompiledMessage>): Promise<CompiledMessage> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = load();
      entry.catch(() => this.entries.delete(key));
      this.entries.set(key, entry);
      if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    }
    return entry;
  }
}

export interface MessageDeps {
  db: Db;
  messages: MessageCache;
  tokens: TokenSigner;
  config: { publicUrl: string; mailFrom: Mailbox };
}

async function loadCompiled(deps: MessageDeps, row: DeliveryRow): Promise<CompiledMessage> {
  const render = await deps.db.kysely
    .selectFrom('renders')
    .select('content')
    .where('distribution_id', '=', row.distribution_id)
    .where('variant', '=', row.variant)
    .where('language', '=', row.language)
    .executeTakeFirstOrThrow();
  const rendered = RenderedEmail.parse(JSON.parse(render.content));
  return compileMessage({ from: deps.config.mailFrom, ...emailParts(rendered) });
}

export const unsubscribeUrl = (deps: Pick<MessageDeps, 'tokens' | 'config'>, deliveryId: string): string =>
  `${deps.config.publicUrl}/u/${deps.tokens.sign('unsubscribe', deliveryId)}`;

export async function buildEmail(deps: MessageDeps, row: DeliveryRow, date: Date): Promise<EmailMessage> {
  const compiled = await deps.messages.get(`${row.distribution_id}/${row.variant}/${row.language}`, () => loadCompiled(deps, row));
  const unsubscribe = unsubscribeUrl(deps, row.id);
  const raw = personalizeMessage(
    compiled,
    {
      to: { name: row.recipient_name ?? undefined, address: row.address },
      messageId: row.message_id,
      date,
      headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    },
    slotValues(row.language, { name: row.recipient_name ?? undefined, email: row.address, unsubscribeUrl: unsubscribe }),
  );
  return { from: deps.config.mailFrom.address, to: row.address, raw };
}
