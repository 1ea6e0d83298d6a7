/**
 * The dateline that opens the first paragraph:
 *   LOS ANGELES: …                      WASHINGTON, D.C. — …
 *   SAN DIEGO — March 10, 2026 — …      NEW YORK, NY (March 3, 2026) – …
 *   Los Angeles, Calif. — …             CIUDAD DE MÉXICO, 10 de marzo de 2026.- …
 *   CHICAGO, March 3, 2026 /PRNewswire/ -- …    SAN FRANCISCO--(BUSINESS WIRE)--…
 *   AUSTIN, Texas, May 12, 2026 (GLOBE NEWSWIRE) -- …   WASHINGTON (AP) — …
 *   NEW YORK & LONDON--(BUSINESS WIRE)--…       St. Louis, Mo., May 12, 2026 /PRNewswire/ -- …
 */
import { DATE_PATTERN, readDatePhrase, type DatePhrase } from './text-dates.js';
import { isAdvisoryField } from './text-advisory.js';

export interface Dateline {
  /** The place only: "SAN DIEGO", "WASHINGTON, D.C.". */
  place: string;
  date?: DatePhrase;
  /** The paragraph after the dateline. */
  rest: string;
  /** The wire service's or news agency's tag, without its marks: "PRNewswire-HISPANIC PR WIRE", "BUSINESS WIRE", "AP". */
  agency?: string;
}

// A hyphen belongs to a place only between letters ("WINSTON-SALEM"), not in "FRANCISCO--(".
const UPPER_WORD = String.raw`\p{Lu}(?:[\p{Lu}.'’]|-(?=\p{Lu}))*`;
const TITLE_WORD = String.raw`\p{Lu}\p{Ll}[\p{Ll}'’]*(?:-\p{L}[\p{Ll}'’]*)*`;
const REGION = String.raw`\p{Lu}[\p{L}.]*(?:\s\p{Lu}[\p{L}.]*){0,2}`;
/** "St. Louis", "Ft. Myers": a title-case place may open with an abbreviated word. */
const TITLE_ABBREVIATION = String.raw`(?:(?:St|Ste|Ft|Mt|Pt)\.\s)`;
// Two cities share a wire dateline with "&": "NEW YORK & LONDON".
const PLACE = String.raw`(?:(?<upper>${UPPER_WORD}(?:(?:\s&)?\s${UPPER_WORD}){0,4})|${TITLE_ABBREVIATION}?${TITLE_WORD}(?:\s(?:de\s|del\s)?${TITLE_WORD}){0,3})`;
/** With a region ("NEW YORK, NY") and, when what follows the comma is a date instead, without. */
const placePatterns = [new RegExp(String.raw`${PLACE},\s*(?<region>${REGION})`, 'uy'), new RegExp(PLACE, 'uy')];
const DASH = String.raw`(?:\s*[—–]\s*|\s+--?\s+|\s*--\s*|\.\s?-\s*)`;
const separatorPattern = new RegExp(String.raw`${DASH}|(?<colon>\s*:\s+)`, 'uy');
const datePattern = new RegExp(String.raw`(?:\s*\(\s*(?<paren>${DATE_PATTERN})\s*\)|,\s*(?<comma>${DATE_PATTERN}))`, 'iuy');
const dateThenDashPattern = new RegExp(String.raw`(?<date>${DATE_PATTERN})(?:${DASH}|\.\s+|,\s+)`, 'iuy');
/** A wire service's or news agency's tag: "/PRNewswire/", "--(BUSINESS WIRE)", "(AP)". */
const wirePattern = /\s*(?:--)?\s*(?:\/(?<slashed>[^/\n]{2,40})\/|\((?<bracketed>\p{Lu}[\p{L} .&-]{0,30})\))/uy;

/** Match a sticky regex at `pos`. */
function matchAt(re: RegExp, text: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(text);
}

/** A title-case place needs a region written like one ("CA", "Calif.") or a date to be trusted. */
const regionLooksReal = (region: string | undefined): boolean => !!region && (/^\p{Lu}{2,3}$/u.test(region) || region.includes('.'));

/** Read the dateline at the start of `paragraph`, if there is one. */
export function readDateline(paragraph: string): Dateline | undefined {
  if (isAdvisoryField(paragraph)) return undefined;
  for (const pattern of placePatterns) {
    const dateline = readDatelineAt(pattern, paragraph);
    if (dateline) return dateline;
  }
  return undefined;
}

function readDatelineAt(placePattern: RegExp, paragraph: string): Dateline | undefined {
  const place = matchAt(placePattern, paragraph, 0);
  if (!place) return undefined;
  let pos = place[0].length;
  const leadingDate = matchAt(datePattern, paragraph, pos);
  if (leadingDate) pos += leadingDate[0].length;
  const wire = matchAt(wirePattern, paragraph, pos);
  pos += wire?.[0].length ?? 0;
  const separator = matchAt(separatorPattern, paragraph, pos);
  if (!separator) return undefined;
  pos += separator[0].length;
  const trailingDate = leadingDate ? null : matchAt(dateThenDashPattern, paragraph, pos);
  if (trailingDate) pos += trailingDate[0].length;

  const upperCase = place.groups!.upper !== undefined;
  const dateText = leadingDate?.groups?.paren ?? leadingDate?.groups?.comma ?? trailingDate?.groups?.date;
  if (separator.groups?.colon !== undefined && !upperCase) return undefined;
  if (!upperCase && !dateText && !regionLooksReal(place.groups!.region)) return undefined;
  if ((place[0].match(/\p{L}/gu) ?? []).length < 2) return undefined;
  return {
    place: place[0].trim(),
    date: dateText ? readDatePhrase(dateText) : undefined,
    rest: paragraph.slice(pos).trim(),
    agency: (wire?.groups?.slashed ?? wire?.groups?.bracketed)?.trim(),
  };
}
