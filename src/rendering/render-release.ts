/**
 * Render a release into an email once per variant: subject, HTML and text with per-recipient
 * slots still open. The result is plain JSON, stored with the distribution and personalized
 * per recipient by personalize().
 */
import { z } from 'zod';
import { Embargo, type ReleaseContent } from '../releases/release.js';
import { chromeConditions, chromeHtml, chromeText, type Chrome } from './chrome.js';
import { composeEmail, emailLook } from './compose.js';
import { htmlValues } from './html-values.js';
import { releaseParts } from './release-parts.js';
import { Organization, parseOptions } from './render-options.js';
import type { RenderedEmail } from './slots.js';
import { textValues } from './text-values.js';
import { trackOpensAndClicks } from './tracked-links.js';
import type { ThemeOverrides } from './theme.js';

export interface RenderOptions {
  variant: 'public' | 'embargoed';
  embargo?: Embargo;
  organization: Organization;
  /**
   * Adds a "Read online" link to the header and the text part. Its URL is per recipient
   * (an embargoed copy's carries the recipient's code): give it to personalize() as
   * `readOnlineUrl`.
   */
  readOnline?: boolean;
  /**
   * Adds an open pixel and turns the HTML part's web links into click redirects (slots
   * filled per recipient, see tracked-links.ts). Off for test sends and previews.
   */
  tracking?: boolean;
  /** Defaults to the repository's templates/ (PRESSWIRE_TEMPLATES may point elsewhere). */
  templatesDir?: string;
  theme?: ThemeOverrides;
  /** A correction of a release already sent: the subject says so ("CORRECTION: …"). */
  correction?: boolean;
}

export type { RenderedEmail };

const Options = z
  .object({
    variant: z.enum(['public', 'embargoed']),
    embargo: Embargo.optional(),
    organization: Organization,
    readOnline: z.boolean().default(false),
    tracking: z.boolean().default(false),
    correction: z.boolean().default(false),
  })
  .refine((o) => o.variant !== 'embargoed' || o.embargo, { message: 'an embargoed variant needs the embargo', path: ['embargo'] });

export async function renderRelease(content: ReleaseContent, options: RenderOptions): Promise<RenderedEmail> {
  const valid = parseOptions(Options, options, 'render options');
  const { templatesDir, theme } = emailLook(options);
  const parts = releaseParts(content, valid.variant === 'embargoed' ? valid.embargo : undefined);
  const chrome: Chrome = { organization: valid.organization, strings: parts.strings, theme, readOnline: valid.readOnline };
  const rendered = await composeEmail({
    templatesDir,
    template: 'release',
    theme,
    conditions: { ...parts.conditions, ...chromeConditions(chrome) },
    language: parts.language,
    subject: valid.correction ? `${parts.strings.correction}: ${parts.subject}` : parts.subject,
    html: { ...htmlValues(content, parts, theme), ...chromeHtml(chrome) },
    text: { ...textValues(content, parts), ...chromeText(chrome) },
  });
  return valid.tracking ? trackOpensAndClicks(rendered) : rendered;
}
