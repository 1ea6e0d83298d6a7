/**
 * Per-recipient personalization of a stored render: string substitution only (no MJML, no
 * Markdown), so it costs microseconds per message and can run inside the send loop.
 */
import { invalid } from '../errors.js';
import { templateLanguageFor } from '../i18n/languages.js';
import { escapeHtml, isWebUrl } from './escape.js';
import { fillSlots, linkSlot, type LinkSlot, type RenderedEmail, type SlotName } from './slots.js';
import { stringsFor } from './strings.js';
import { oneLine } from './wrap.js';

export interface Recipient {
  name?: string;
  email: string;
  unsubscribeUrl: string;
  referenceCode?: string;
  /** The recipient's own "Read online" link; required by renders made with `readOnline`. */
  readOnlineUrl?: string;
  /** This copy's pixel and click redirect; without them a tracked render gets direct links and no pixel. */
  tracking?: TrackingUrls;
}

export interface TrackingUrls {
  /** The open pixel's URL. */
  openUrl: string;
  /** The click redirect, to which `?url=<link>` is added. */
  clickUrl: string;
}

/** A transparent 1×1 GIF inline: an untracked copy's pixel slot asks no server for anything. */
const noPixel = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

export function personalize(rendered: RenderedEmail, recipient: Recipient): { subject: string; html: string; text: string } {
  const values = slotValues(rendered.language, recipient, rendered.links);
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

function webUrl(url: string, field: 'unsubscribeUrl' | 'readOnlineUrl' | 'tracking'): string {
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
 * `links` are the render's tracked links: each one's slot holds its redirect, or the link
 * itself for a recipient without tracking.
 */
export function slotValues(language: string, recipient: Recipient, links: readonly string[] = []): Record<SlotName, string> {
  const name = [...oneLine(recipient.name ?? '')].slice(0, maxNameLength).join('');
  const email = oneLine(recipient.email);
  const code = oneLine(recipient.referenceCode ?? '');
  const values = {
    recipient: name ? `${name} (${email})` : email,
    reference: code ? ` · ${stringsFor(templateLanguageFor(language)).reference}: ${code}` : '',
    unsubscribeUrl: webUrl(recipient.unsubscribeUrl, 'unsubscribeUrl'),
    ...trackingValues(recipient.tracking, links),
  };
  if (recipient.readOnlineUrl !== undefined) return { ...values, readOnlineUrl: webUrl(recipient.readOnlineUrl, 'readOnlineUrl') };
  return Object.defineProperty(values, 'readOnlineUrl', { enumerable: true, get: missingReadOnlineUrl }) as Record<SlotName, string>;
}

function trackingValues(tracking: TrackingUrls | undefined, links: readonly string[]): { openPixelUrl: string } & Record<LinkSlot, string> {
  const values: { openPixelUrl: string } & Record<LinkSlot, string> = { openPixelUrl: tracking ? webUrl(tracking.openUrl, 'tracking') : noPixel };
  const clickUrl = tracking && `${webUrl(tracking.clickUrl, 'tracking')}?url=`;
  links.forEach((link, i) => {
    values[linkSlot(i)] = clickUrl ? clickUrl + encodeURIComponent(link) : link;
  });
  return values;
}

function missingReadOnlineUrl(): never {
  throw invalid('this message has a "Read online" link, but no readOnlineUrl was given for the recipient', [
    { field: 'readOnlineUrl', message: 'is required by a render made with readOnline' },
  ]);
}
