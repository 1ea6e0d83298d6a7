/**
 * Lines that say what the document is rather than what it says: "FOR IMMEDIATE RELEASE",
 * "EMBARGOED UNTIL …", "MEDIA ADVISORY". They are read into fields and removed.
 */
import type { Embargo, ReleaseKind } from './release.js';
import { embargoLineRest, parseEmbargo } from './embargo-text.js';
import { isoDate, parseDateLine } from './text-dates.js';
import { atLine, pinToLine, refuse, type Line } from './text-lines.js';

const kindLabels: Array<[RegExp, ReleaseKind]> = [
  [/^(?:joint |official )?statement$|^declaracion(?: conjunta)?$|^comunicado conjunto$/, 'statement'],
  [/^(?:media|press|news|photo) (?:advisory|alert)$|^advisory$|^aviso (?:a los medios|de prensa|para (?:los )?medios)$|^alerta (?:de|para) medios$/, 'media_advisory'],
  [/^(?:press|news) release$|^release$|^comunicado(?: de prensa)?$|^nota de prensa$/, 'press_release'],
];

/** "Statement", "Press release", "media_advisory", "Aviso a los medios" → a release kind. */
export function kindFromLabel(label: string): ReleaseKind | undefined {
  const key = label.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[\s_\-]+/g, ' ').replace(/[:.]$/, '').trim();
  return kindLabels.find(([re]) => re.test(key))?.[1];
}

/** A specific kind (statement, advisory) beats the generic "press release" wherever it was seen. */
export const preferKind = (current: ReleaseKind | undefined, seen: ReleaseKind | undefined): ReleaseKind | undefined =>
  seen && (seen !== 'press_release' || !current) ? seen : current;

/** A headline that itself says it is a statement: "Statement from …", "Declaración de …". */
const isStatementHeadline = (line: string): boolean =>
  /^(?:joint\s+)?statement\s+(?:from|by|of|on)\b|^declaraci[oó]n\s+(?:de|del|sobre)\b/iu.test(line);

/** "Statement: <title>" → the kind and the title without its prefix. */
export function splitKindPrefix(line: string): { kind?: ReleaseKind; title: string } {
  const m = /^([^:|–—]{3,40}?)\s*[:|–—]\s+(\S.*)$/u.exec(line);
  const kind = m ? kindFromLabel(m[1]!) : undefined;
  if (kind) return { kind, title: m![2]! };
  return { kind: isStatementHeadline(line) ? 'statement' : undefined, title: line };
}

const immediateRelease =
  /^[\s*_]*(?:for\s+immediate\s+(?:release|distribution)|immediate\s+release|(?:for\s+)?release\s*:?\s*immediate(?:ly)?|para\s+(?:su\s+)?(?:difusi[oó]n|publicaci[oó]n|divulgaci[oó]n|distribuci[oó]n)\s+inmediata)\b[\s*_]*[:\-–—,|]?\s*(.*)$/iu;

export interface Markers {
  kind?: ReleaseKind;
  embargo?: Embargo;
  releaseDate?: string;
  /** Line number of the first marker: a short title above it may be a letterhead. */
  firstLine?: number;
  /** The input lines with marker lines blanked (so they still separate blocks). */
  lines: Line[];
}

/** "FOR IMMEDIATE RELEASE: December 2, 2021" → the date, if one follows. */
function dateAfterImmediateRelease(line: Line, rest: string): string | undefined {
  const phrase = parseDateLine(rest);
  if (!phrase) return undefined;
  if (!phrase.valid) throw pinToLine(line, refuse('releaseDate', `"${rest}" is not a calendar date`));
  return isoDate(phrase.date);
}

/** Read and blank every marker line. Two embargo lines must agree. */
export function readMarkers(lines: readonly Line[]): Markers {
  const markers: Markers = { lines: [] };
  for (const line of lines) {
    const text = line.text.trim();
    const embargoText = embargoLineRest(text);
    const immediate = immediateRelease.exec(text);
    const kind = text.length <= 40 ? kindFromLabel(text) : undefined;
    if (embargoText !== undefined) {
      const embargo = atLine(line, () => parseEmbargo(text));
      if (markers.embargo && markers.embargo.until !== embargo.until) {
        throw pinToLine(line, refuse('embargo', 'the release gives two different embargo times'));
      }
      markers.embargo = embargo;
    } else if (immediate) {
      markers.releaseDate ??= dateAfterImmediateRelease(line, immediate[1]!);
    } else if (kind) {
      markers.kind = preferKind(markers.kind, kind);
    } else {
      markers.lines.push(line);
      continue;
    }
    markers.firstLine ??= line.number;
    markers.lines.push({ ...line, text: '' });
  }
  return markers;
}
