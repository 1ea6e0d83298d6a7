/**
 * Our trusted MJML templates (templates/email/<name>.mjml), each compiled once per (templates
 * directory, template, conditions, theme) and cached. Only our template files and validated
 * theme values ever reach MJML: content is substituted into the compiled HTML afterwards
 * (see compose.ts).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors.js';
import { applyConditions, fillVariables, readTemplate } from './template-source.js';
import type { Theme } from './theme.js';

/**
 * The repository's templates/ folder. Found by walking up because this module runs both from
 * src/rendering (tests) and from dist/src/rendering (the built CLI), at different depths.
 */
export const defaultTemplatesDir: string = findTemplatesDir(dirname(fileURLToPath(import.meta.url)));

function findTemplatesDir(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'templates');
    if (existsSync(join(candidate, 'email', 'release.mjml'))) return candidate;
    if (dirname(dir) === dir) return join(start, '../../templates');
  }
}

const cache = new Map<string, Promise<string>>();
let compiles = 0;

/** How many times MJML actually ran in this process (the cache is working when this stays put). */
export const mjmlCompileCount = (): number => compiles;

/** The compiled HTML skeleton of `template` for these conditions and theme, still holding [[placeholders]]. */
export function compiledTemplate(
  templatesDir: string,
  template: string,
  conditions: Readonly<Record<string, boolean>>,
  theme: Theme,
): Promise<string> {
  const path = join(resolve(templatesDir), 'email', `${template}.mjml`);
  const key = JSON.stringify([path, Object.entries(conditions).sort(), theme]);
  let compiled = cache.get(key);
  if (!compiled) {
    compiled = compile(path, conditions, theme);
    cache.set(key, compiled);
    // A failed compile is not remembered: a fixed template file should work without a restart.
    compiled.catch(() => cache.delete(key));
  }
  return compiled;
}

async function compile(path: string, conditions: Readonly<Record<string, boolean>>, theme: Theme): Promise<string> {
  const source = fillVariables(applyConditions(readTemplate(path), conditions), themeVariables(theme));
  compiles += 1;
  try {
    // Loaded on first use: MJML costs ~60 MB, and a process that only sends never compiles.
    const { default: mjml2html } = await import('mjml');
    const { html } = await mjml2html(source, {
      validationLevel: 'strict',
      ignoreIncludes: true, // the v5 default, stated: mj-include must never read files (CVE-2025-67898)
      keepComments: false,
      fonts: {}, // web-safe fonts only: no requests to font hosts from readers' mail clients
      filePath: path,
    });
    return compact(html);
  } catch (cause) {
    throw new AppError('CONFIG', `MJML template ${path} does not compile: ${String(cause)}`, { cause });
  }
}

/**
 * Theme values by dotted name: {{fontFamily}}, {{colors.accent}}. The logo URL is left out on
 * purpose: a URL may hold characters that are not safe in MJML source, so templates get it as
 * the escaped [[logoUrl]] placeholder instead.
 */
function themeVariables(theme: Theme): Record<string, string> {
  const values: Record<string, string> = {
    fontFamily: theme.fontFamily,
    headingFontFamily: theme.headingFontFamily,
    maxWidth: String(theme.maxWidth),
    logoWidth: String(theme.logoWidth),
  };
  for (const [name, value] of Object.entries(theme.colors)) values[`colors.${name}`] = value;
  return values;
}

/**
 * Drop indentation and blank lines MJML leaves behind (about a third of the bytes), keeping us
 * further from Gmail's 102 KB clip. Safe here: the skeleton has no <pre>, and release content
 * (which may) is substituted only afterwards.
 */
function compact(html: string): string {
  return html.replace(/^[ \t]+/gm, '').replace(/\n{2,}/g, '\n');
}
