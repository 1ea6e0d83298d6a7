/**
 * The header and footer every email of ours wears (release and embargo update alike): who
 * sends, the optional "Read online" link, and the footer's recipient line, unsubscribe link
 * and postal address. Placeholder values for both parts, and the blocks that come and go.
 */
import { escapeAll, escapeHtml } from './escape.js';
import type { Organization } from './render-options.js';
import type { Strings } from './strings.js';
import type { Theme } from './theme.js';
import { wrapText } from './wrap.js';

export interface Chrome {
  organization: Organization;
  strings: Strings;
  theme: Theme;
  /** Whether the header links to the recipient's own web copy (the `readOnlineUrl` slot). */
  readOnline: boolean;
}

export type ChromeConditions = Record<'logo' | 'website' | 'readOnline', boolean>;

export function chromeConditions(chrome: Chrome): ChromeConditions {
  return { logo: chrome.theme.logoUrl !== undefined, website: chrome.organization.websiteUrl !== undefined, readOnline: chrome.readOnline };
}

function labels({ organization, strings }: Chrome) {
  return {
    organizationName: organization.name,
    readOnlineLabel: strings.readOnline,
    sentToLabel: strings.sentTo,
    receivingBecause: strings.receivingBecause(organization.name),
    unsubscribeLabel: strings.unsubscribe,
  };
}

export function chromeHtml(chrome: Chrome): Record<string, string> {
  return {
    ...escapeAll(labels(chrome)),
    postalAddress: escapeHtml(chrome.organization.postalAddress).replace(/\r?\n/g, '<br />'),
    websiteUrl: escapeHtml(chrome.organization.websiteUrl ?? ''),
    logoUrl: escapeHtml(chrome.theme.logoUrl ?? ''),
  };
}

export function chromeText(chrome: Chrome): Record<string, string> {
  const text = labels(chrome);
  return {
    ...text,
    receivingBecause: wrapText(text.receivingBecause),
    postalAddress: chrome.organization.postalAddress.replace(/\r\n?/g, '\n'),
    websiteUrl: chrome.organization.websiteUrl ?? '',
  };
}
