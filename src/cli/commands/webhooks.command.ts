import { InvalidArgumentError, type Command } from 'commander';
import type { Answer } from '../../contract/operation.js';
import type { webhooks as operations } from '../../contract/webhooks.js';
import type { ApiClient } from '../client.js';
import { wholeNumber } from '../arguments.js';
import { emit, note, table, type JsonFlag } from '../output.js';

type Endpoint = Answer<typeof operations.get>;
type WithSecret = Answer<typeof operations.rotateSecret>;

const eventList = (value: string): string[] => {
  const events = value.split(',').map((e) => e.trim()).filter(Boolean);
  if (events.length === 0) throw new InvalidArgumentError('expected event types, comma-separated (e.g. delivery.bounced,delivery.complained)');
  return events;
};

const path = (id: string, rest = '') => `/webhooks/${encodeURIComponent(id)}${rest}`;

/** The secret goes to stdout alone on its line, so a script can capture it; the rest to stderr. */
function showSecret(flags: JsonFlag, endpoint: WithSecret, what: string): void {
  if (!flags.json) note(`${what} ${endpoint.url} (${endpoint.id}). Its signing secret is shown this once — store it where your receiver reads it:`);
  emit(flags, endpoint, () => endpoint.secret);
}

export function registerWebhookCommands(program: Command, client: () => ApiClient): void {
  const webhooks = program.command('webhooks').description('outbound webhooks: endpoints that receive delivery events, signed (Standard Webhooks)');

  webhooks
    .command('add <url>')
    .description('add an endpoint (https:// on a public address); prints its signing secret once')
    .option('--events <types>', 'comma-separated event types (default: all)', eventList)
    .option('--json', 'print JSON')
    .action(async (url: string, flags: JsonFlag & { events?: string[] }) => {
      const endpoint = await client().request<WithSecret>('POST', '/webhooks', { json: { url, ...(flags.events ? { events: flags.events } : {}) } });
      showSecret(flags, endpoint, 'added');
    });

  webhooks
    .command('list')
    .description('the endpoints and the events each receives')
    .option('--json', 'print JSON')
    .action(async (flags: JsonFlag) => {
      const { webhooks: rows } = await client().request<Answer<typeof operations.list>>('GET', '/webhooks');
      const line = (e: Endpoint) => [e.id, e.enabled ? 'on' : 'off', e.url, e.events.join(',')];
      emit(flags, rows, () => (rows.length ? table([['ID', 'STATE', 'URL', 'EVENTS'], ...rows.map(line)]) : 'no webhook endpoints yet'));
    });

  webhooks
    .command('remove <id>')
    .description('remove an endpoint and its delivery log')
    .action(async (id: string) => {
      await client().request('DELETE', path(id));
      note(`removed ${id}`);
    });

  webhooks
    .command('rotate-secret <id>')
    .description('replace an endpoint’s signing secret; prints the new one once')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: JsonFlag) => showSecret(flags, await client().request<WithSecret>('POST', path(id, '/rotate-secret')), 'new secret for'));

  webhooks
    .command('test <id>')
    .description('send a webhook.test event to an endpoint (see it with "webhooks log")')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: JsonFlag) => {
      const queued = await client().request<Answer<typeof operations.test>>('POST', path(id, '/test'));
      emit(flags, queued, () => `queued test event ${queued.messageId}`);
    });

  webhooks
    .command('log <id>')
    .description('the delivery log of an endpoint, newest first')
    .option('--failed', 'failed messages only')
    .option('--limit <n>', 'how many', wholeNumber(1), 50)
    .option('--redeliver <messageId>', 'send a failed message again')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: JsonFlag & { failed?: boolean; limit: number; redeliver?: string }) => {
      if (flags.redeliver) {
        const message = await client().request<Answer<typeof operations.redeliver>>('POST', path(id, `/messages/${encodeURIComponent(flags.redeliver)}/redeliver`));
        return emit(flags, message, () => `${message.id} queued again`);
      }
      const query = new URLSearchParams({ limit: String(flags.limit), ...(flags.failed ? { status: 'failed' } : {}) });
      const { messages } = await client().request<Answer<typeof operations.messages>>('GET', path(id, `/messages?${query}`));
      const line = (m: (typeof messages)[number]) => [m.id, m.eventType, m.status, String(m.attempts), m.lastStatusCode === null ? '' : String(m.lastStatusCode), m.lastAttemptAt ?? '', m.lastError ?? ''];
      emit(flags, messages, () => (messages.length ? table([['MESSAGE', 'EVENT', 'STATUS', 'ATTEMPTS', 'CODE', 'LAST ATTEMPT', 'ERROR'], ...messages.map(line)]) : 'nothing sent to this endpoint yet'));
    });
}
