/**
 * Plain-text import: a release as people paste it from a newsroom page or a document.
 *
 * The passes, in order:
 *   1. chrome    normalise characters, drop page furniture, stop at the end mark (text-chrome),
 *                and the lines a wire service adds to the copy it distributes (text-wire)
 *   2. markers   FOR IMMEDIATE RELEASE, EMBARGOED UNTIL …, MEDIA ADVISORY (text-markers)
 *   3. header    headline, subheadline, date line, contact blocks (text-header)
 *   4. body      dateline, quotes, boilerplate, lists, links, notes to editors (text-body)
 * Each pass recognises conventions, not a particular release, so that a release we have
 * never seen imports as well as the ones in the fixtures.
 */
import { invalid, issuesFromZod } from '../errors.js';
import { liftPastEmbargo } from './embargo-text.js';
import { ReleaseContent, type MediaContact, type ParsedRelease, type ReleaseContentInput } from './release.js';
import { advisoryKind, advisoryTitle } from './text-advisory.js';
import { readBody } from './text-body.js';
import { boilerplateOrganization } from './text-boilerplate.js';
import { cleanPastedText } from './text-chrome.js';
import { attachOrganization, pressOfficeName } from './text-contacts.js';
import { readHeader } from './text-header.js';
import { detectLanguage } from './text-language.js';
import { refuse, splitBlocks } from './text-lines.js';
import { preferKind, readMarkers } from './text-markers.js';
import { readWireCopy } from './text-wire.js';

/** The same person listed at the top and the bottom of a release counts once. */
function uniqueContacts(contacts: readonly MediaContact[]): MediaContact[] {
  const seen = new Set<string>();
  return contacts.filter((c) => {
    const key = `${c.name.toLowerCase()}|${c.email?.toLowerCase() ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Validate imported content against the release model, as a VALIDATION error naming fields. */
function validateContent(input: ReleaseContentInput): ReleaseContent {
  const result = ReleaseContent.safeParse(input);
  if (!result.success) throw invalid('The imported release is not valid', issuesFromZod(result.error.issues));
  return result.data;
}

/** Import a pasted plain-text release. `now` decides whether an embargo has already passed. */
export function importPlainText(text: string, now: Date = new Date()): ParsedRelease {
  const { lines, afterEnd, releaseDate: stampDate } = readWireCopy(cleanPastedText(text));
  const markers = readMarkers(lines);
  const language = detectLanguage(markers.lines.map((l) => l.text).join('\n'));
  const unnamed = pressOfficeName(language);
  const header = readHeader(splitBlocks(markers.lines), unnamed, markers.firstLine);
  // An advisory may have no title but its WHAT field.
  const headline = header.headline ?? advisoryTitle(header.body);
  if (!headline) throw refuse('headline', 'no headline found: the release should start with its title');
  const body = readBody(header.body, splitBlocks(afterEnd), language);
  if (!body.markdown.trim()) throw refuse('body', 'no body text found below the headline');
  const { embargo, warnings } = liftPastEmbargo(markers.embargo, now);
  const contacts = uniqueContacts([...header.contacts, ...body.contacts]);
  const content = validateContent({
    // A kind the release names beats one read from its layout.
    kind: preferKind(markers.kind, header.kind) ?? advisoryKind(header.body),
    language,
    headline,
    subheadline: header.subheadline,
    releaseDate: markers.releaseDate ?? header.releaseDate ?? body.releaseDate ?? stampDate,
    dateline: body.dateline,
    body: body.markdown,
    quotes: body.quotes,
    contacts: attachOrganization(contacts, unnamed, boilerplateOrganization(body.boilerplate)),
    boilerplate: body.boilerplate,
    notesToEditors: body.notesToEditors.length ? body.notesToEditors : undefined,
    links: body.links,
  });
  return embargo ? { content, embargo, warnings } : { content, warnings };
}
