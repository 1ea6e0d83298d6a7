/**
 * The short email that follows an embargoed copy when its embargo moves or is lifted early:
 * which release, the old time and the new one (each in the release's zone and in UTC), in the
 * release's language, with the same header and footer as the release. Rendered once per
 * language like a release and personalized with the same slots.
 */
import { z } from 'zod';
import { templateLanguageFor, type TemplateLanguage } from '../i18n/languages.js';
import { Embargo, type ReleaseContent } from '../releases/release.js';
import { chromeConditions, chromeHtml, chromeText, type Chrome } from './chrome.js';
import { composeEmail, emailLook } from './compose.js';
import { formatEmbargoTime } from './dates.js';
import { escapeAll } from './escape.js';
import { Organization, parseOptions } from './render-options.js';
import type { RenderedEmail } from './slots.js';
import { stringsFor, type Strings } from './strings.js';
import type { ThemeOverrides } from './theme.js';
import { oneLine, wrapText } from './wrap.js';

export interface EmbargoUpdateOptions {
  organization: Organization;
  /** The embargo the recipients' copy announced. */
  previous: Embargo;
  next: Embargo | 'lifted';
  /** Defaults to the repository's templates/ (PRESSWIRE_TEMPLATES may point elsewhere). */
  templatesDir?: string;
  theme?: ThemeOverrides;
}

const Options = z.object({
  organization: Organization,
  previous: Embargo,
  next: z.union([z.literal('lifted'), Embargo]),
});

export async function renderEmbargoUpdate(content: ReleaseContent, options: EmbargoUpdateOptions): Promise<RenderedEmail> {
  const valid = parseOptions(Options, options, 'embargo update options');
  const { templatesDir, theme } = emailLook(options);
  const language = templateLanguageFor(content.language);
  const strings = stringsFor(language);
  const { label, message } = updateWording(content.headline, valid.previous, valid.next, language, strings);
  const chrome: Chrome = { organization: valid.organization, strings, theme, readOnline: false };
  const subject = oneLine(`${label}: ${content.headline}`);
  const words = { kicker: label.toLocaleUpperCase(language), headline: content.headline, message: oneLine(message) };
  return composeEmail({
    templatesDir,
    template: 'embargo-update',
    theme,
    conditions: chromeConditions(chrome),
    language,
    subject,
    html: { ...escapeAll({ ...words, lang: content.language, title: subject, preheader: words.message }), ...chromeHtml(chrome) },
    text: { ...words, headline: wrapText(words.headline), message: wrapText(words.message), ...chromeText(chrome) },
  });
}

/** "Embargo update" and the sentence that says what moved where, or that the embargo is lifted. */
function updateWording(headline: string, previous: Embargo, next: Embargo | 'lifted', language: TemplateLanguage, strings: Strings): { label: string; message: string } {
  const words = strings.embargoUpdate;
  const from = formatEmbargoTime(previous, language);
  return next === 'lifted'
    ? { label: words.lifted, message: words.liftedMessage(headline, from) }
    : { label: words.moved, message: words.movedMessage(headline, from, formatEmbargoTime(next, language)) };
}
