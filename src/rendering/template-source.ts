/**
 * Our small, trusted template language, applied to template files only (never to release text):
 *
 *   <!-- include: name -->            on its own line: splices partials/name.<same extension>
 *   <!-- if name --> / <!-- if not name --> … <!-- endif -->
 *                                     on their own lines: keep or drop the lines between
 *   {{name}}                          theme value, spliced in before MJML compiles
 *   [[name]]                          content, substituted after compiling, already escaped
 *   [[@name]]                         per-recipient slot, filled by personalize()
 *
 * MJML's own mj-include stays disabled: includes here resolve only to files in partials/.
 */
import { readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { AppError } from '../errors.js';

const includeLine = /^[ \t]*<!-- include: ([a-z0-9-]+) -->[ \t]*$/gm;
const maxIncludeDepth = 4;

/** Read a template and splice its partials (partials may include partials, a few levels deep). */
export function readTemplate(path: string, depth = 0): string {
  if (depth > maxIncludeDepth) throw new AppError('CONFIG', `template includes nest too deep at ${path}`);
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new AppError('CONFIG', `cannot read template ${path}`, { cause });
  }
  const partialsDir = depth === 0 ? join(dirname(path), 'partials') : dirname(path);
  return source.replace(includeLine, (_line, name: string) =>
    readTemplate(join(partialsDir, `${name}${extname(path)}`), depth + 1).trimEnd(),
  );
}

// Innermost block first (its body holds no further "if"), repeated until none is left.
const conditionalBlock =
  /^[ \t]*<!-- if (not )?([a-zA-Z]\w*) -->[ \t]*\n((?:(?!<!-- if )[\s\S])*?)^[ \t]*<!-- endif -->[ \t]*(?:\n|$)/gm;

/** Keep the blocks whose condition holds; a condition the caller does not know is a template error. */
export function applyConditions(source: string, conditions: Readonly<Record<string, boolean>>): string {
  let result = source;
  for (let previous = ''; previous !== result; ) {
    previous = result;
    result = result.replace(conditionalBlock, (_block, not: string | undefined, name: string, body: string) => {
      const value = conditions[name];
      if (value === undefined) throw new AppError('CONFIG', `template condition "${name}" is unknown`);
      return value === !not ? body : '';
    });
  }
  if (/<!-- (if |endif)/.test(result)) throw new AppError('CONFIG', 'template has an unmatched "if" or "endif" line');
  return result;
}

/** Replace every `{{name}}`; an unknown name is a template error. */
export function fillVariables(source: string, values: Readonly<Record<string, string>>): string {
  return source.replace(/\{\{([a-zA-Z][\w.]*)\}\}/g, (_m, name: string) => valueOf(values, name, 'theme value'));
}

/**
 * One pass over a compiled template: `[[name]]` → `values[name]`, `[[@name]]` → `slot(name)`.
 * One pass matters: text substituted in is never scanned again, so a release that contains
 * "[[headline]]" shows exactly that.
 */
export function fillPlaceholders(
  source: string,
  values: Readonly<Record<string, string>>,
  slot: (name: string) => string,
): string {
  return source.replace(/\[\[(@?)([a-zA-Z]\w*)\]\]/g, (_m, at: string, name: string) =>
    at ? slot(name) : valueOf(values, name, 'placeholder'),
  );
}

function valueOf(values: Readonly<Record<string, string>>, name: string, what: string): string {
  const value = Object.hasOwn(values, name) ? values[name] : undefined;
  if (value === undefined) throw new AppError('CONFIG', `template ${what} "${name}" is unknown`);
  return value;
}
