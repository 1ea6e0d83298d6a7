/**
 * The authoring format: Markdown with YAML front matter, written by hand.
 *
 *   ---
 *   kind: Press release
 *   headline: New Report Finds …
 *   embargo: 12:01 a.m. PT, Tuesday, March 10, 2030
 *   contacts:
 *     - name: Dana Whitfield
 *       email: press@harborlegalaid.example.org
 *   notesToEditors:
 *     - Spokespeople are available for interview in English and Spanish.
 *   ---
 *   SAN DIEGO — A report released today …
 *
 * Every problem is reported at once, each naming its front-matter key and file line.
 * `importRelease` picks this format or the plain-text importer for an uploaded file.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { AppError, invalid, issuesFromZod, type Issue } from '../errors.js';
import { normalizeLanguage } from '../i18n/languages.js';
import {
  readAbout, readContacts, readDate, readEmbargo, readKind, readLinks, readNotesToEditors, readQuotes, readSocial, textValue,
  unknownKeyMessage,
} from './authoring-fields.js';
import { liftPastEmbargo } from './embargo-text.js';
import { importPlainText } from './import-text.js';
import { ReleaseContent, type ParsedRelease, type ReleaseContentInput } from './release.js';
import { detectLanguage } from './text-language.js';
import { refuse } from './text-lines.js';

const frontMatterKeys = [
  'kind', 'language', 'headline', 'subheadline', 'date', 'dateline', 'embargo',
  'organization', 'contacts', 'quotes', 'about', 'notesToEditors', 'links', 'social', 'translations',
] as const;

/** What a translation may say for itself; everything else (kind, date, dateline, contacts, links) comes from the release. */
const translationKeys = ['headline', 'subheadline', 'quotes', 'about', 'notesToEditors', 'social', 'body'] as const;
const inheritedKeys = ['kind', 'date', 'dateline', 'organization', 'contacts', 'links'] as const;

interface MarkdownSource {
  frontMatter: string;
  body: string;
  /** File line of the first body line. */
  bodyLine: number;
}

const FRONT_MATTER_FIRST_LINE = 2;

/** A hand-written release reuses an anchor a few times at most. */
const maxAliasCount = 100;

function splitFrontMatter(text: string): MarkdownSource {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  if (!/^---\s*$/.test(lines[0] ?? '')) return { frontMatter: '', body: lines.join('\n'), bodyLine: 1 };
  const close = lines.findIndex((line, i) => i > 0 && /^(?:---|\.\.\.)\s*$/.test(line));
  if (close === -1) throw refuse('front matter', 'the front matter opened with --- on line 1 is never closed by a --- line');
  return { frontMatter: lines.slice(1, close).join('\n'), body: lines.slice(close + 1).join('\n'), bodyLine: close + 2 };
}

/** Parsed front matter that can say on which file line a key (or list item) sits. */
class FrontMatter {
  private readonly counter = new LineCounter();
  readonly doc: Document;

  constructor(source: string) {
    // failsafe: every scalar stays text; the field readers decide what it means.
    this.doc = parseDocument(source, { schema: 'failsafe', lineCounter: this.counter, prettyErrors: false });
  }

  fileLine(offset: number): number {
    return this.counter.linePos(offset).line + FRONT_MATTER_FIRST_LINE - 1;
  }

  yamlIssues(): Issue[] {
    return this.doc.errors.map((e) => ({ field: 'front matter', row: this.fileLine(e.pos[0]), message: e.message }));
  }

  /**
   * The front matter as plain values. Aliases are capped because a few nested anchors
   * (a "billion laughs") expand to billions of nodes; yaml stops at the cap with a
   * ReferenceError, which is the author's problem, not ours.
   */
  toData(): unknown {
    try {
      return this.doc.toJS({ maxAliasCount: maxAliasCount });
    } catch (error) {
      if (!(error instanceof ReferenceError)) throw error;
      throw refuse('front matter', `${error.message}: anchors and aliases (&name, *name) may be reused at most ${maxAliasCount} times`);
    }
  }

  /** The line of the deepest node on the dotted path that exists ("contacts.0.email"). */
  lineOf(field: string): number | undefined {
    let node: unknown = this.doc.contents;
    let offset: number | undefined;
    for (const key of field.split('.')) {
      const pair = isMap(node) ? node.items.find((p) => isScalar(p.key) && String(p.key.value) === key) : undefined;
      const next = pair ? pair.value : isSeq(node) ? node.items[Number(key)] : undefined;
      const start = (pair?.key as { range?: [number] } | undefined)?.range?.[0] ?? (next as { range?: [number] } | undefined)?.range?.[0];
      if (start === undefined) break;
      offset = start;
      node = next;
    }
    return offset === undefined ? undefined : this.fileLine(offset);
  }
}

/** Without a `headline` key, a leading "# Heading" in the body is the headline. */
function headlineFromBody(body: string): { headline?: string; body: string } {
  const m = /^\s*#\s+(.+?)\s*#*\s*(?:\n|$)/.exec(body);
  return m ? { headline: m[1], body: body.slice(m[0].length) } : { body };
}

/** Run one field reader; a validation error becomes issues instead of stopping the others. */
function collector(issues: Issue[]) {
  return <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'VALIDATION') throw error;
      issues.push(...error.issues);
      return undefined;
    }
  };
}

/** The front matter's keys, each unknown one reported (all of them, not just the first). */
function topLevelFields(value: unknown, issues: Issue[], keys: readonly string[] = frontMatterKeys): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    issues.push({ field: 'front matter', message: 'must be keys and values, such as "headline: …"' });
    return {};
  }
  const fields = value as Record<string, unknown>;
  for (const key of Object.keys(fields).filter((k) => !keys.includes(k))) {
    issues.push({ field: key, message: unknownKeyMessage(key, keys) });
  }
  return fields;
}

/** Model field names back to the front-matter keys a person wrote. */
const frontMatterField = (field: string): string => field.replace(/^releaseDate\b/, 'date').replace(/^boilerplate\b/, 'about');

/**
 * `translations: { es: { headline, subheadline, quotes, about, notesToEditors, social, body } }` — the same
 * release in other languages, each validated like the release itself.
 */
function readTranslations(data: Record<string, unknown>, primaryLanguage: string, issues: Issue[]): ReleaseContent[] {
  const value = data.translations;
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issues.push({ field: 'translations', message: 'must map a language to its text, such as "es: { headline: …, body: … }"' });
    return [];
  }
  const translations: ReleaseContent[] = [];
  for (const [code, entry] of Object.entries(value as Record<string, unknown>)) {
    const field = `translations.${code}`;
    const language = normalizeLanguage(code) ?? code.toLowerCase();
    if (language === primaryLanguage) issues.push({ field, message: `is the release's own language (${primaryLanguage})` });
    const own = topLevelFields(entry, [], translationKeys);
    for (const key of Object.keys(own).filter((k) => !(translationKeys as readonly string[]).includes(k))) {
      issues.push({ field: `${field}.${key}`, message: unknownKeyMessage(key, translationKeys) });
    }
    const inherited = Object.fromEntries(inheritedKeys.filter((k) => data[k] !== undefined).map((k) => [k, data[k]]));
    const local: Issue[] = [];
    const body = typeof own.body === 'string' ? own.body : '';
    const input = readContent({ ...inherited, ...own, language }, { frontMatter: '', body, bodyLine: 0 }, local);
    const result = ReleaseContent.safeParse(input);
    if (!result.success) local.push(...issuesFromZod(result.error.issues).map((i) => ({ ...i, field: i.field && frontMatterField(i.field) })));
    issues.push(...local.map((i) => ({ ...i, field: `${field}.${i.field ?? 'release'}` })));
    if (result.success && local.length === 0) translations.push(result.data);
  }
  return translations;
}

function readContent(data: Record<string, unknown>, source: MarkdownSource, issues: Issue[]): ReleaseContentInput {
  const read = collector(issues);
  const text = (key: (typeof frontMatterKeys)[number]) => read(() => textValue(data[key], key));
  const written = text('headline');
  const { headline, body } = written === undefined ? headlineFromBody(source.body) : { headline: written, body: source.body };
  const languageText = text('language');
  const language = languageText ? normalizeLanguage(languageText) ?? languageText.toLowerCase() : detectLanguage(body);
  const organization = text('organization');
  if (!headline) issues.push({ field: 'headline', message: 'is required (or start the body with "# Headline")' });
  if (!body.trim()) issues.push({ field: 'body', message: 'there is no text below the front matter' });
  return {
    kind: read(() => readKind(data.kind)),
    language,
    headline: headline ?? '',
    subheadline: text('subheadline'),
    releaseDate: read(() => readDate(data.date)),
    dateline: text('dateline'),
    body: body.trim(),
    quotes: read(() => readQuotes(data.quotes)),
    contacts: read(() => readContacts(data.contacts, organization)),
    boilerplate: read(() => readAbout(data.about, organization, language)),
    notesToEditors: read(() => readNotesToEditors(data.notesToEditors)),
    links: read(() => readLinks(data.links)),
    social: read(() => readSocial(data.social)),
  };
}

function refuseAll(issues: Issue[], frontMatter: FrontMatter, bodyLine: number): AppError {
  const located = issues.map((issue) => ({
    ...issue,
    row: issue.row ?? (issue.field === 'body' ? bodyLine : issue.field ? frontMatter.lineOf(issue.field) : undefined),
  }));
  const summary = located.map((i) => `${i.field ?? 'release'}${i.row ? ` (line ${i.row})` : ''}: ${i.message}`).join('; ');
  return invalid(`The release has ${located.length === 1 ? 'a problem' : 'problems'}: ${summary}`, located);
}

/** Import a release in the authoring format. `now` decides whether an embargo has already passed. */
export function importMarkdown(text: string, now: Date = new Date()): ParsedRelease {
  const source = splitFrontMatter(text);
  const frontMatter = new FrontMatter(source.frontMatter);
  const issues = frontMatter.yamlIssues();
  if (issues.length) throw refuseAll(issues, frontMatter, source.bodyLine);
  const data = topLevelFields(frontMatter.toData(), issues);
  const input = readContent(data, source, issues);
  const writtenEmbargo = collector(issues)(() => readEmbargo(data.embargo));
  const translations = readTranslations(data, input.language ?? 'en', issues);
  const result = ReleaseContent.safeParse(input);
  if (!result.success) {
    // The model's own checks, except where a field was already reported in the person's words.
    const reported = new Set(issues.map((i) => i.field));
    const modelIssues = issuesFromZod(result.error.issues).map((i) => ({ ...i, field: i.field && frontMatterField(i.field) }));
    issues.push(...modelIssues.filter((i) => !reported.has(i.field)));
  }
  if (issues.length > 0 || !result.success) throw refuseAll(issues, frontMatter, source.bodyLine);
  const { embargo, warnings } = liftPastEmbargo(writtenEmbargo, now);
  return { content: result.data, ...(translations.length ? { translations } : {}), ...(embargo ? { embargo } : {}), warnings };
}

const notText = /\.(?:docx?|pdf|rtf|odt|pages|html?)$/i;

/**
 * Import an uploaded release: front matter at the top (or a `.md` file opening with
 * "# Headline") → the authoring format; anything else → the plain-text importer.
 */
export function importRelease(text: string, filename?: string, now: Date = new Date()): ParsedRelease {
  if ((filename && notText.test(filename)) || text.includes('\u0000')) {
    throw refuse('file', `${filename ?? 'this file'} is not text: save the release as Markdown (.md) or plain text (.txt), or paste its text`);
  }
  const markdownFile = /\.(?:md|markdown)$/i.test(filename ?? '') && /^\s*#\s/.test(text);
  if (/^\uFEFF?---[ \t]*\r?\n/.test(text) || markdownFile) return importMarkdown(text, now);
  return importPlainText(text, now);
}
