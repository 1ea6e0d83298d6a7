/**
 * Per-recipient personalization of a stored render: string substitution only (no MJML, no
 * Markdown), so it costs microseconds per message and can run inside the send loop.
 */
import { invalid } from '../errors.js';
import { templateLanguageFor } from '../i18n/languages.js';
import { escapeHtml, isWebUrl } from './escape.js';
import { fillSlots, type RenderedEmail, type SlotName } from './slots.js';
import { stringsFor } from './strings.js';
import { oneLine } from './wrap.js';

export interface Recipient {
  name?: string;
  email: string;
  unsubscribeUrl: string;
  referenceCode?: string;
  /** The recipient's own "Read online" link; required by renders made with `readOnline`. */
  readOnlineUrl?: string;
}

export function personalize(rendered: RenderedEmail, recipient: Recipient): { subject: string; html: string; text: string } {
  const values = slotValues(rendered.language, recipient);
  const raw = (name: SlotName) => values[name];
  return {
    subject: fillSlots(rendered.subject, rendered.slot, raw),
    html: fillSlots(rendered.html, rendered.slot, (name) => escapeHtml(values[name])),
    text: fillSlots(rendered.text, rendered.slot, raw),
  };
}

// Bounds keep every personalized text line under the 998-octet SMTP line limit.
const maxNameLength = 150;
const maxUrlLength = 900;

function webUrl(url: string, field: 'unsubscribeUrl' | 'readOnlineUrl'): string {
  if (url.length > maxUrlLength || !isWebUrl(url)) {
    throw invalid(`the ${field} must be an absolute http(s) URL of at most ${maxUrlLength} characters`, [{ field, message: 'not an http(s) URL' }]);
  }
  return url;
}

/**
 * Slot values as plain text (HTML-escape them for the HTML part), for a release in `language`.
 * Worded so a missing name still reads well: "Sent to Jim Baker (jim@example.com)" or
 * "Sent to jim@example.com".
 *
 * Without a read-online URL, reading `readOnlineUrl` throws: whoever fills slots reads only
 * those the message holds, so a message with the link fails and one without it never asks.
 */
export function slotValues(language: string, recipient: Recipient): Record<SlotName, string> {
  const name = [...oneLine(recipient.name ?? '')].slice(0, maxNameLength).join('');
  const email = oneLine(recipient.email);
  const code = oneLine(recipient.referenceCode ?? '');
  const values = {
    recipient: name ? `${name} (${email})` : email,
    reference: code ? ` · ${stringsFor(templateLanguageFor(language)).reference}: ${code}` : '',
    unsubscribeUrl: webUrl(recipient.unsubscribeUrl, 'unsubscribeUrl'),
  };
  if (recipient.readOnlineUrl !== undefined) return { ...values, readOnlineUrl: webUrl(recipient.readOnlineUrl, 'readOnlineUrl') };
  return Object.defineProperty(values, 'readOnlineUrl', { enumerable: true, get: missingReadOnlineUrl }) as Record<SlotName, string>;
}

function missingReadOnlineUrl(): never {
  throw invalid('this message has a "Read online" link, but no readOnlineUrl was given for the recipient', [
    { field: 'readOnlineUrl', message: 'is required by a render made with readOnline' },
  ]);
}
