/** Reading the development outbox: the .eml files, newest first, parsed for people. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { notFound } from '../errors.js';

export interface OutboxEntry {
  id: string;
  size: number;
  receivedAt: string;
}

const validId = /^[0-9A-Za-z-]+\.eml$/;

export function listOutbox(dir: string, limit = 200): OutboxEntry[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => validId.test(f));
  } catch {
    return [];
  }
  return files
    .sort()
    .reverse()
    .slice(0, limit)
    .map((id) => {
      const stat = statSync(join(dir, id));
      return { id, size: stat.size, receivedAt: stat.mtime.toISOString() };
    });
}

export function readOutboxFile(dir: string, id: string): Buffer {
  if (!validId.test(id)) throw notFound('Outbox message', id);
  try {
    return readFileSync(join(dir, id));
  } catch {
    throw notFound('Outbox message', id);
  }
}

export interface OutboxMessage {
  id: string;
  from: string;
  to: string;
  subject: string;
  date: string | undefined;
  messageId: string | undefined;
  headers: { name: string; value: string }[];
  text: string;
  html: string | undefined;
}

export async function readOutboxMessage(dir: string, id: string): Promise<OutboxMessage> {
  const mail = await simpleParser(readOutboxFile(dir, id));
  return {
    id,
    from: mail.from?.text ?? '',
    to: Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(', ') : (mail.to?.text ?? ''),
    subject: mail.subject ?? '',
    date: mail.date?.toISOString(),
    messageId: mail.messageId,
    headers: mail.headerLines.map((h) => ({ name: h.key, value: h.line.slice(h.line.indexOf(':') + 1).trim() })),
    text: mail.text ?? '',
    html: typeof mail.html === 'string' ? mail.html : undefined,
  };
}
