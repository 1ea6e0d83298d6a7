/**
 * The theme: colours, fonts and width an organisation can change without touching templates.
 * Theme values are spliced into MJML source before compiling, so the schema only admits
 * values that cannot break out of an attribute (hex colours, plain font names, https URLs).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError, issuesFromZod } from '../errors.js';

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour as #rrggbb');
const fontStack = z.string().trim().min(1).max(200).regex(/^[A-Za-z0-9 ,'-]+$/, 'must be a list of font names');

export const Theme = z.object({
  fontFamily: fontStack,
  headingFontFamily: fontStack,
  maxWidth: z.number().int().min(480).max(800),
  colors: z.object({
    background: hexColor,
    surface: hexColor,
    text: hexColor,
    heading: hexColor,
    muted: hexColor,
    accent: hexColor,
    rule: hexColor,
    bannerBackground: hexColor,
    bannerText: hexColor,
  }),
  logoUrl: z.url({ protocol: /^https$/ }).max(2000).optional(),
  logoWidth: z.number().int().min(40).max(400).default(160),
});
export type Theme = z.infer<typeof Theme>;

/** What an organisation may change of the theme: any part, down to a single colour. */
export const ThemeOverrides = Theme.partial().extend({ colors: Theme.shape.colors.partial().optional() }).strict();
export type ThemeOverrides = z.infer<typeof ThemeOverrides>;

/** Read `theme.json` from a templates directory, apply overrides and validate the result. */
export function loadTheme(templatesDir: string, overrides: ThemeOverrides = {}): Theme {
  const path = join(templatesDir, 'theme.json');
  let fromFile: unknown;
  try {
    fromFile = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new AppError('CONFIG', `cannot read theme ${path}`, { cause });
  }
  const base = fromFile as Partial<Theme>;
  const parsed = Theme.safeParse({ ...base, ...overrides, colors: { ...base.colors, ...overrides.colors } });
  if (!parsed.success) {
    throw new AppError('CONFIG', `invalid theme ${path}`, { issues: issuesFromZod(parsed.error.issues, 'theme') });
  }
  return parsed.data;
}
