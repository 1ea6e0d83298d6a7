/** Placeholder values for the plain-text part: wrapped for reading and pasting, never HTML. */
import type { ReleaseContent } from '../releases/release.js';
import { isSafeHref } from './escape.js';
import { markdownToText, quoteIndent } from './markdown-text.js';
import { attribution, contactDetails, quoted, sharedText, type ReleaseParts } from './release-parts.js';
import { wrapText as wrap } from './wrap.js';

export function textValues(content: ReleaseContent, parts: ReleaseParts): Record<string, string> {
  const shared = sharedText(content, parts);
  return {
    ...shared,
    headline: wrap(shared.headline),
    subheadline: wrap(shared.subheadline),
    embargoLine: wrap(shared.embargoLine),
    body: markdownToText(parts.body),
    pullQuotes: parts.pullQuotes
      .map((q) => `${wrap(quoted(q.text, parts.strings), quoteIndent)}\n${wrap(attribution(q), quoteIndent)}`)
      .join('\n\n'),
    contacts: content.contacts.map(contactText).join('\n\n'),
    boilerplate: parts.boilerplate ? markdownToText(parts.boilerplate) : '',
    notesToEditors: parts.notesToEditors ? markdownToText(parts.notesToEditors) : '',
    links: content.links.map(({ label, url }) => wrap(isSafeHref(url) ? `${label} (${url})` : label, '- ', '  ')).join('\n'),
  };
}

function contactText(contact: ReleaseContent['contacts'][number]): string {
  const { name, role, email, phone } = contactDetails(contact);
  return [name, role, email, phone].filter(Boolean).join('\n');
}
