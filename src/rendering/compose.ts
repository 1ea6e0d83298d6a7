/**
 * The last step of every email render: our trusted templates (MJML for HTML, text for the
 * plain part) with escaped values substituted in one pass and per-recipient slots left open
 * under a fresh nonce. Template names are ours (`release`, `embargo-update`), never user input.
 */
import { join } from 'node:path';
import type { TemplateLanguage } from '../i18n/languages.js';
import { compiledTemplate, defaultTemplatesDir } from './mjml-template.js';
import { newSlotNonce, slotToken, type RenderedEmail } from './slots.js';
import { applyConditions, fillPlaceholders, readTemplate } from './template-source.js';
import { loadTheme, type Theme, type ThemeOverrides } from './theme.js';
import { limitLineOctets } from './wrap.js';

export interface EmailSource {
  templatesDir: string;
  /** templates/email/<template>.mjml and templates/text/<template>.txt */
  template: string;
  theme: Theme;
  conditions: Readonly<Record<string, boolean>>;
  language: TemplateLanguage;
  subject: string;
  /** Placeholder values, already escaped or sanitized for HTML. */
  html: Readonly<Record<string, string>>;
  /** Placeholder values as plain text, already wrapped. */
  text: Readonly<Record<string, string>>;
}

/** The templates directory a render uses (the repository's templates/ by default) and its theme. */
export function emailLook(options: { templatesDir?: string; theme?: ThemeOverrides }): { templatesDir: string; theme: Theme } {
  const templatesDir = options.templatesDir ?? defaultTemplatesDir;
  return { templatesDir, theme: loadTheme(templatesDir, options.theme) };
}

export async function composeEmail(source: EmailSource): Promise<RenderedEmail> {
  const nonce = newSlotNonce();
  const slot = (name: string) => slotToken(nonce, name);
  const skeleton = await compiledTemplate(source.templatesDir, source.template, source.conditions, source.theme);
  return {
    language: source.language,
    subject: source.subject,
    html: fillPlaceholders(skeleton, source.html, slot),
    text: limitLineOctets(fillPlaceholders(textTemplate(source), source.text, slot)),
    slot: nonce,
    links: [],
    tracked: false,
  };
}

/** The text template with its blocks chosen; blank lines left by dropped blocks collapse to one. */
function textTemplate({ templatesDir, template, conditions }: EmailSource): string {
  return applyConditions(readTemplate(join(templatesDir, 'text', `${template}.txt`)), conditions).replace(/\n{3,}/g, '\n\n');
}
