/**
 * Render a release into an email once per variant: subject, HTML and text with per-recipient
 * slots still open. The result is plain JSON, stored with the distribution and personalized
 * per recipient by personalize().
 */
import { join } from 'node:path';
import { z } from 'zod';
import { invalid, issuesFromZod } from '../errors.js';
import { Embargo, type ReleaseContent } from '../releases/release.js';
import { isWebUrl } from './escape.js';
import { htmlValues } from './html-values.js';
import { compiledTemplate, defaultTemplatesDir } from './mjml-template.js';
import { releaseParts, type Conditions, type Organization, type ValidOptions } from './release-parts.js';
import { newSlotNonce, slotToken, type RenderedEmail } from './slots.js';
import { applyConditions, fillPlaceholders, readTemplate } from './template-source.js';
import { textValues } from './text-values.js';
import { loadTheme, type Theme } from './theme.js';
import { limitLineOctets } from './wrap.js';

export interface RenderOptions {
  variant: 'public' | 'embargoed';
  embargo?: Embargo;
  organization: Organization;
  /** Where the release can be read on the web; adds a "Read online" link. */
  webVersionUrl?: string;
  /** Defaults to the repository's templates/ (PRESSWIRE_TEMPLATES may point elsewhere). */
  templatesDir?: string;
  theme?: Partial<Theme>;
}

export type { RenderedEmail };

const webUrl = z.string().trim().max(2000).refine(isWebUrl, 'must be an http(s) URL');
const knownZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const Options = z
  .object({
    variant: z.enum(['public', 'embargoed']),
    embargo: Embargo.refine((e) => knownZone(e.zone), { message: 'is not a known time zone', path: ['zone'] }).optional(),
    organization: z.object({
      name: z.string().trim().min(1).max(200),
      // Required: commercial-email law (CAN-SPAM and others) wants a postal address in every message.
      postalAddress: z.string().trim().min(1).max(500),
      websiteUrl: webUrl.optional(),
    }),
    webVersionUrl: webUrl.optional(),
  })
  .refine((o) => o.variant !== 'embargoed' || o.embargo, { message: 'an embargoed variant needs the embargo', path: ['embargo'] });

export async function renderRelease(content: ReleaseContent, options: RenderOptions): Promise<RenderedEmail> {
  const valid = validOptions(options);
  const templatesDir = options.templatesDir ?? defaultTemplatesDir;
  const theme = loadTheme(templatesDir, options.theme);
  const parts = releaseParts(content, valid, theme);
  const nonce = newSlotNonce();
  const slot = (name: string) => slotToken(nonce, name);
  const skeleton = await compiledTemplate(templatesDir, parts.conditions, theme);
  return {
    language: parts.language,
    subject: parts.subject,
    html: fillPlaceholders(skeleton, htmlValues(content, parts, valid, theme), slot),
    text: limitLineOctets(fillPlaceholders(textTemplate(templatesDir, parts.conditions), textValues(content, parts, valid), slot)),
    slot: nonce,
  };
}

function validOptions(options: RenderOptions): ValidOptions {
  const parsed = Options.safeParse(options);
  if (!parsed.success) throw invalid('invalid render options', issuesFromZod(parsed.error.issues));
  return parsed.data;
}

/** The text template with its blocks chosen; blank lines left by dropped blocks collapse to one. */
function textTemplate(templatesDir: string, conditions: Conditions): string {
  return applyConditions(readTemplate(join(templatesDir, 'text', 'release.txt')), conditions).replace(/\n{3,}/g, '\n\n');
}
