/** Placeholder values for the plain-text part: wrapped for reading and pasting, never HTML. */
import type { ReleaseContent } from '../releases/release.js';
import { isSafeHref } from './escape.js';
import { markdownToText, quoteIndent, textWidth } from './markdown-text.js';
import { attribution, contactDetails, quoted, sharedText, type ReleaseParts, type ValidOptions } from './release-parts.js';
import { wrapParagraph } from './wrap.js';

const wrap = (text: string, first = '', rest = first): string => wrapParagraph(text, textWidth, first, rest).join('\n');

export function textValues(content: ReleaseContent, parts: ReleaseParts, options: ValidOptions): Record<string, string> {
  const shared = sharedText(content, parts, options);
  return {
    ...shared,
    headline: wrap(shared.headline),
    subheadline: wrap(shared.subheadline),
    embargoLine: wrap(shared.embargoLine),
    receivingBecause: wrap(shared.receivingBecause),
    body: markdownToText(parts.body),
    pullQuotes: parts.pullQuotes
      .map((q) => `${wrap(quoted(q.text, parts.strings), quoteIndent)}\n${wrap(attribution(q), quoteIndent)}`)
      .join('\n\n'),
    contacts: content.contacts.map(contactText).join('\n\n'),
    boilerplate: parts.boilerplate ? markdownToText(parts.boilerplate) : '',
    links: content.links.map(({ label, url }) => wrap(isSafeHref(url) ? `${label} (${url})` : label, '- ', '  ')).join('\n'),
    postalAddress: options.organization.postalAddress.replace(/\r\n?/g, '\n'),
    websiteUrl: options.organization.websiteUrl ?? '',
  };
}

function contactText(contact: ReleaseContent['contacts'][number]): string {
  const { name, role, email, phone } = contactDetails(contact);
  return [name, role, email, phone].filter(Boolean).join('\n');
}
