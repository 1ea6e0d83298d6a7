/**
 * The boilerplate: an "About …" / "Acerca de …" / "Sobre …" section, or, without a heading,
 * a last paragraph shaped like one ("Immigrant Defenders Law Center (ImmDef) is a …").
 */
import type { Boilerplate } from './release.js';
import { unwrapBlock, wordCount, type Block } from './text-lines.js';

const aboutHeading = /^(?:about|acerca\s+de|sobre)\s+(?<org>\S.{0,100}?)\s*:?$/iu;

const withoutArticle = (org: string): string => org.replace(/^(?:the|la|el|los|las)\s+/iu, '');

/** The organisation an "About X" heading line names, or undefined when the line is not one. */
export function aboutHeadingOrg(line: string): string | undefined {
  const org = aboutHeading.exec(line.trim())?.groups?.org;
  const name = org && withoutArticle(org);
  // "About half of the families…" and "About 200 people…" are sentences, not headings.
  return name && /^\p{Lu}/u.test(name) && !/[.!?]$/u.test(name) ? org : undefined;
}

/** "About the Community Pantry Network" → "Community Pantry Network". */
export function boilerplateOrganization(boilerplate: Boilerplate | undefined): string | undefined {
  const org = boilerplate && aboutHeadingOrg(boilerplate.heading);
  return org && withoutArticle(org);
}

const ORG_WORD = String.raw`[\p{Lu}\d][\p{L}\d&'’.\-]*`;
const CONNECTOR = String.raw`(?:of|for|the|and|on|in|at|de|del|la|las|los|el|y|para|&)`;
const ORG = String.raw`${ORG_WORD}(?:\s+(?:${CONNECTOR}\s+)*${ORG_WORD}){0,8}`;
const boilerplateShape = new RegExp(
  [
    String.raw`^(?:(?:Founded|Established|Since|Created|Fundad[ao]|Desde|Cread[ao])\b[^,]{0,60},\s*)?`,
    String.raw`(?<org>${ORG})(?:\s*\([^)]{2,20}\))?(?:,\s*[^,]{3,100},)?`,
    String.raw`\s+(?:is|are|es|son)\s+(?:a|an|the|one|una|un|el|la|uno)\b`,
  ].join(''),
  'u',
);

/** The organisation a paragraph introduces the way boilerplate does, if it does. */
export function boilerplateShapeOrg(paragraph: string): string | undefined {
  if (paragraph.split(/\s+/).length < 12) return undefined;
  return boilerplateShape.exec(paragraph)?.groups?.org;
}

export const aboutHeadingFor = (org: string, language: string): string =>
  language === 'es' ? `Acerca de ${org}` : `About ${org.replace(/^The\s/u, 'the ')}`;

const paragraphText = (block: Block): string => unwrapBlock(block).map((l) => l.text).join('\n');

export interface BoilerplateSplit {
  boilerplate?: Boilerplate;
  /** The blocks that remain body text. */
  rest: Block[];
}

/** A short unpunctuated line heading a block ("Forward-Looking Statements") that is not an "About". */
const isOtherSectionHeading = ([first, ...more]: Block): boolean =>
  more.length > 0 && wordCount(first!.text) <= 8 && !/[.!?:,;]$/u.test(first!.text.trim()) && aboutHeadingOrg(first!.text) === undefined;

/** Take the "About" section (from its heading to the next other section, or the end) out of `blocks`. */
export function takeAboutSection(blocks: readonly Block[]): BoilerplateSplit | undefined {
  const start = blocks.findIndex((b) => aboutHeadingOrg(b[0]!.text) !== undefined);
  if (start === -1) return undefined;
  const [headingLine, ...sameBlock] = blocks[start]!;
  const following = blocks.slice(start + 1);
  const end = following.findIndex(isOtherSectionHeading);
  const paragraphs = [sameBlock, ...(end === -1 ? following : following.slice(0, end))].filter((b) => b.length > 0).map(paragraphText);
  if (paragraphs.length === 0) return undefined;
  return {
    boilerplate: { heading: headingLine!.text.trim().replace(/\s*:$/u, ''), text: paragraphs.join('\n\n') },
    rest: [...blocks.slice(0, start), ...(end === -1 ? [] : following.slice(end))],
  };
}

/** The boilerplate `block` is, when it is shaped like one. */
function shapedBoilerplate(block: Block, language: string): Boilerplate | undefined {
  const text = paragraphText(block);
  const org = boilerplateShapeOrg(text);
  return org ? { heading: aboutHeadingFor(org, language), text } : undefined;
}

/** The boilerplate in `blocks`: an "About" section, else the paragraph at `shapedAt` if shaped like one. */
function takeBoilerplateAt(blocks: readonly Block[], language: string, shapedAt: (blocks: readonly Block[]) => number): BoilerplateSplit {
  const section = takeAboutSection(blocks);
  if (section) return section;
  const at = shapedAt(blocks);
  const boilerplate = at === -1 ? undefined : shapedBoilerplate(blocks[at]!, language);
  return boilerplate ? { boilerplate, rest: blocks.filter((_, i) => i !== at) } : { rest: [...blocks] };
}

/** The body's boilerplate: an "About" section, else a last paragraph (not the only one) shaped like one. */
export const takeBoilerplate = (blocks: readonly Block[], language: string): BoilerplateSplit =>
  takeBoilerplateAt(blocks, language, (all) => (all.length > 1 ? all.length - 1 : -1));

/** Among notes to editors: an "About" section, else the first note shaped like boilerplate. */
export const takeBoilerplateNote = (blocks: readonly Block[], language: string): BoilerplateSplit =>
  takeBoilerplateAt(blocks, language, (all) => all.findIndex((b) => shapedBoilerplate(b, language) !== undefined));
