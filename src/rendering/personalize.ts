/**
 * Per-recipient personalization of a stored render: string substitution only (no MJML, no
 * Markdown), so it costs microseconds per message and can run inside the send loop.
 */
import { invalid } from '../errors.js';
import { templateLanguageFor } from '../i18n/languages.js';
import { escapeHtml, isWebUrl } from './escape.js';
import { fillSlots, slotNames, type RenderedEmail, type SlotName } from './slots.js';
import { stringsFor } from './strings.js';
import { oneLine } from './wrap.js';

export interface Recipient {
  name?: string;
  email: string;
  unsubscribeUrl: string;
  referenceCode?: string;
}

export function personalize(rendered: RenderedEmail, recipient: Recipient): { subject: string; html: string; text: string } {
  const values = slotValues(rendered.language, recipient);
  const escaped = {} as Record<SlotName, string>;
  for (const name of slotNames) escaped[name] = escapeHtml(values[name]);
  return {
    subject: fillSlots(rendered.subject, rendered.slot, values),
    html: fillSlots(rendered.html, rendered.slot, escaped),
    text: fillSlots(rendered.text, rendered.slot, values),
  };
}

// Bounds keep every personalized text line under the 998-octet SMTP line limit.
const maxNameLength = 150;
const maxUrlLength = 900;

/**
 * Slot values as plain text (HTML-escape them for the HTML part), for a release in `language`.
 * Worded so a missing name still reads well: "Sent to Jim Baker (jim@example.com)" or
 * "Sent to jim@example.com".
 */
export function slotValues(language: string, recipient: Recipient): Record<SlotName, string> {
  const url = recipient.unsubscribeUrl;
  if (url.length > maxUrlLength || !isWebUrl(url)) {
    throw invalid('the unsubscribe URL must be an absolute http(s) URL', [{ field: 'unsubscribeUrl', message: 'not an http(s) URL' }]);
  }
  const name = [...oneLine(recipient.name ?? '')].slice(0, maxNameLength).join('');
  const email = oneLine(recipient.email);
  const code = oneLine(recipient.referenceCode ?? '');
  return {
    recipient: name ? `${name} (${email})` : email,
    reference: code ? ` · ${stringsFor(templateLanguageFor(language)).reference}: ${code}` : '',
    unsubscribeUrl: url,
  };
}
