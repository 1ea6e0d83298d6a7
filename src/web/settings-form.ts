/**
 * The settings form: what it shows (the organisation's settings and its effective email
 * theme), what a submitted form asks to change, and what is wrong with it, field by field.
 * Each setting is still checked by the organisation's own rules (`parseOrganisationSetting`);
 * this only turns the form's fields into those settings and their problems into words.
 */
import { z } from 'zod';
import { AppError, issuesFromZod } from '../errors.js';
import { parseOrganisationSetting, type orgView, type OrgSetting } from '../organisations/organisations.service.js';
import { emailLook } from '../rendering/compose.js';
import { Theme, ThemeOverrides } from '../rendering/theme.js';
import { canonicalJson } from '../text/canonical-json.js';
import type { FieldError } from './components/ErrorSummary.js';
import type { Messages } from './i18n/en.js';

export const colourNames = Object.keys(Theme.shape.colors.shape) as (keyof Theme['colors'])[];
export const colourField = (name: string) => `colour-${name}`;

/** The settings a form field holds, in the order they are saved: the name first, the one that can clash with another organisation. */
const textSettings = ['name', 'postal-address', 'sender-name', 'sender-address', 'approval', 'tracking', 'soft-bounce-limit', 'soft-bounce-window-days'] as const;

const fieldIds = [...textSettings, ...colourNames.map(colourField), 'logo-url'];
/** Every field is text; what each must be is judged below, so each problem gets its own words. */
const SentFields = z.object(Object.fromEntries(fieldIds.map((id) => [id, z.string().max(2000).optional()])));
export type SettingsForm = Record<string, string>;

/** The form as sent (a POST body, or the query of a preview) over the saved values: a field not sent is unchanged. */
export function sentForm(saved: SettingsForm, input: unknown): SettingsForm {
  const sent = SentFields.safeParse(input ?? {});
  if (!sent.success) throw new AppError('VALIDATION', 'The settings form is not valid', { issues: issuesFromZod(sent.error.issues) });
  return { ...saved, ...Object.fromEntries(Object.entries(sent.data).filter((e): e is [string, string] => typeof e[1] === 'string')) };
}

const valueIn = (form: SettingsForm, id: string): string => (form[id] ?? '').trim();

type Org = ReturnType<typeof orgView>;

/** The overrides as stored (validated on the way in). */
const savedOverrides = (theme: unknown): ThemeOverrides => ThemeOverrides.parse(theme ?? {});

/** What the form shows for the organisation as saved: its settings and its theme with the defaults filled in. */
export function savedForm(org: Org, templatesDir: string | undefined): SettingsForm {
  const theme = emailLook({ templatesDir, theme: savedOverrides(org.theme) }).theme;
  return {
    name: org.name,
    'postal-address': org.postalAddress ?? '',
    'sender-name': org.senderName ?? '',
    'sender-address': org.senderAddress ?? '',
    approval: org.approval,
    tracking: org.tracking,
    'soft-bounce-limit': String(org.softBounceLimit),
    'soft-bounce-window-days': String(org.softBounceWindowDays),
    ...Object.fromEntries(colourNames.map((name) => [colourField(name), theme.colors[name]])),
    'logo-url': theme.logoUrl ?? '',
  };
}

/**
 * The theme overrides a form asks for: the colours that differ from the templates' own, the
 * logo, and whatever else the saved overrides hold that the form does not show (fonts, width).
 * Invalid values are left out and reported.
 */
export function themeOf(t: Messages, form: SettingsForm, saved: unknown, templatesDir: string | undefined): { theme: ThemeOverrides; errors: FieldError[] } {
  const defaults = emailLook({ templatesDir }).theme;
  const errors: FieldError[] = [];
  const colors: Partial<Theme['colors']> = {};
  for (const name of colourNames) {
    const id = colourField(name);
    const value = Theme.shape.colors.shape[name].safeParse(valueIn(form, id));
    if (!value.success) errors.push({ field: id, message: t.settings.colourInvalid(t.settings.colours[name]) });
    else if (value.data.toLowerCase() !== defaults.colors[name].toLowerCase()) colors[name] = value.data.toLowerCase();
  }
  const logoText = valueIn(form, 'logo-url');
  const logo = logoText ? Theme.shape.logoUrl.safeParse(logoText) : undefined;
  if (logo && !logo.success) errors.push({ field: 'logo-url', message: t.settings.logoInvalid });
  const kept = savedOverrides(saved);
  delete kept.colors;
  delete kept.logoUrl;
  const theme: ThemeOverrides = { ...kept, ...(Object.keys(colors).length ? { colors } : {}), ...(logo?.data ? { logoUrl: logo.data } : {}) };
  return { theme, errors };
}

export interface SettingChange {
  key: OrgSetting;
  value: string;
}

/** The settings a submitted form changes, checked by the organisation's rules before any is saved. */
export function changesOf(t: Messages, form: SettingsForm, org: Org, templatesDir: string | undefined): { changes: SettingChange[]; errors: FieldError[] } {
  const saved = savedForm(org, templatesDir);
  const changes: SettingChange[] = [];
  const errors: FieldError[] = [];
  for (const key of textSettings) {
    const value = valueIn(form, key);
    if (value === saved[key]) continue;
    try {
      parseOrganisationSetting(key, value);
      changes.push({ key, value });
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'VALIDATION') throw err;
      errors.push({ field: key, message: t.settings.invalid[key] });
    }
  }
  const theme = themeOf(t, form, org.theme, templatesDir);
  errors.push(...theme.errors);
  if (canonicalJson(theme.theme) !== canonicalJson(savedOverrides(org.theme))) changes.push({ key: 'theme', value: JSON.stringify(theme.theme) });
  return { changes, errors };
}

/** The query of the preview frame: the theme fields of the form only (never its token). */
export function previewQuery(form: SettingsForm): string {
  return new URLSearchParams(['logo-url', ...colourNames.map(colourField)].map((id): [string, string] => [id, valueIn(form, id)])).toString();
}
