/**
 * Wire copy: a release as PR Newswire, Business Wire or GlobeNewswire distribute it, told by the
 * wire's tag in its dateline ("/PRNewswire/", "--(BUSINESS WIRE)--", "(GLOBE NEWSWIRE) --").
 * The wire wraps the release in lines of its own, which are dropped:
 *   above the dateline  "News provided by" with the organisation's name, and the wire's time
 *                       stamp ("May 12, 2026, 08:00 ET", "May 12, 2026 08:00 AM Eastern Daylight
 *                       Time", "May 12, 2026 09:00 ET | Source: …"), whose date is kept
 *   below it            links to the wire's copies of the media ("Logo - https://…",
 *                       "Photos/Multimedia Gallery Available: …", "A photo accompanying this
 *                       announcement is available at …"), and media sections ("Attachments",
 *                       "Related Images") up to the next section the importer reads
 * What any page may carry (share buttons, "SOURCE …", "View original content…") is text-chrome's.
 */
import { aboutHeadingOrg } from './text-boilerplate.js';
import type { CleanText } from './text-chrome.js';
import { contactLabelRest } from './text-contacts.js';
import { findDate, isoDate } from './text-dates.js';
import { readDateline } from './text-dateline.js';
import type { Line } from './text-lines.js';
import { isNotesHeading } from './text-notes.js';

export interface WireCopy extends CleanText {
  /** The date of the wire's time stamp: the release date when the dateline has none (Business Wire's). */
  releaseDate?: string;
}

/** "PRNewswire", "PRNewswire-HISPANIC PR WIRE", "BUSINESS WIRE", "GLOBE NEWSWIRE", "CNW"; not a news agency's "AP". */
const isWireService = (agency: string | undefined): boolean => agency !== undefined && /wire|^CNW$/iu.test(agency);

/** "NEWS PROVIDED BY", alone on its line (the organisation on the next) or followed by it. */
const byline = /^(?:news\s+provided\s+by|noticias\s+(?:proporcionadas|suministradas)\s+por)\s*:?\s*(?<org>.*)$/iu;

const TIME = String.raw`\d{1,2}[:.]\d{2}(?:\s*[ap]\.?\s?m\.?)?`;
const ZONE = String.raw`\p{L}[\p{L}\d ()+:-]{0,40}`;
const SOURCE = String.raw`\s*\|\s*(?:source|fuente)\s*:\s*\S.*`;
/** What follows the date in a time stamp: a time (and its zone), a "| Source: …", or both. */
const stampTail = new RegExp(String.raw`^(?:,?\s+${TIME}(?:\s+${ZONE})?(?:${SOURCE})?|${SOURCE})$`, 'iu');

/** The date of a wire's time stamp, when `text` is one. */
function stampDate(text: string): string | undefined {
  const found = findDate(text);
  if (!found || found.index !== 0 || !found.valid) return undefined;
  return stampTail.test(text.slice(found.length)) ? isoDate(found.date) : undefined;
}

const MEDIA = String.raw`(?:logo|photo|image|video|audio|infographic|multimedia)s?`;
const HREF = String.raw`https?://\S+`;
const mediaLines = [
  // PR Newswire: "Logo - https://mma.prnewswire.com/…", "Photo - …"; older copy: "(Logo: http://…)".
  new RegExp(String.raw`^\(?${MEDIA}\s*[-–—:]\s*${HREF}\)?$`, 'iu'),
  // Business Wire: "Photos/Multimedia Gallery Available: https://…".
  new RegExp(String.raw`^${MEDIA}(?:\s*/\s*${MEDIA})?(?:\s+gallery)?\s+available\s*:?\s*${HREF}$`, 'iu'),
  // GlobeNewswire: "A photo accompanying this announcement is available at https://…".
  new RegExp(String.raw`^(?:an?\s+|the\s+)?${MEDIA}\s+accompanying\s+this\s+(?:announcement|release|press\s+release)\s+(?:is|are)\s+available\s+(?:at|on)\s+${HREF}$`, 'iu'),
];
const mediaHeading = /^(?:attachments?|related\s+(?:images?|photos?|videos?|files?|multimedia)|multimedia(?:\s+files)?)\s*:?$/iu;

/** A heading or label the importer reads as a part of the release: it ends a media section. */
const opensSection = (text: string): boolean =>
  contactLabelRest(text) !== undefined || aboutHeadingOrg(text) !== undefined || isNotesHeading(text);

/** Blank a line rather than remove it, so that it still separates the blocks around it. */
const blank = (line: Line): Line => ({ ...line, text: '' });

/** Above the dateline: the byline and the time stamp go, the stamp's date is kept. */
function dropByline(lines: readonly Line[]): { lines: Line[]; releaseDate?: string } {
  let releaseDate: string | undefined;
  let organizationNext = false;
  const kept = lines.map((line) => {
    const text = line.text.trim();
    const date = stampDate(text);
    const by = byline.exec(text);
    if (date) {
      releaseDate ??= date;
    } else if (by) {
      organizationNext = !by.groups!.org;
    } else if (organizationNext && text) {
      organizationNext = false;
    } else {
      return line;
    }
    return blank(line);
  });
  return { lines: kept, releaseDate };
}

/** Below the dateline: the wire's media links and media sections go. */
function dropMedia(lines: readonly Line[]): Line[] {
  let inSection = false;
  return lines.map((line) => {
    const text = line.text.trim();
    if (mediaHeading.test(text)) inSection = true;
    else if (inSection && opensSection(text)) inSection = false;
    return inSection || mediaLines.some((re) => re.test(text)) ? blank(line) : line;
  });
}

/** Drop the wire's own lines around a release it distributed; other text is returned as it is. */
export function readWireCopy(clean: CleanText): WireCopy {
  const at = clean.lines.findIndex((line) => isWireService(readDateline(line.text.trim())?.agency));
  if (at === -1) return clean;
  const above = dropByline(clean.lines.slice(0, at));
  return {
    lines: [...above.lines, ...dropMedia(clean.lines.slice(at))],
    afterEnd: dropMedia(clean.afterEnd),
    releaseDate: above.releaseDate,
  };
}
