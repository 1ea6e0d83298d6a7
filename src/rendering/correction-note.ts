/** "Corrected on March 12, 2026: <note>" in the release's language, for its page and its feed items. */
import type { TemplateLanguage } from '../i18n/languages.js';
import { formatDate } from './dates.js';
import { stringsFor } from './strings.js';

/** A correction as readers see it: the day it was finalized (YYYY-MM-DD) and what it changed. */
export interface CorrectionNote {
  date: string;
  note: string;
}

export const correctionNoteText = (language: TemplateLanguage, c: CorrectionNote): string => stringsFor(language).correctedOn(formatDate(c.date, language), c.note);
