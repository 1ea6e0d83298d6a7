/**
 * Calendar dates as releases write them, in English and Spanish:
 * "December 2, 2021", "Dec. 2nd, 2021", "Tuesday, March 10, 2026", "2 December 2021",
 * "Thursday 5 February 2026", "martes 10 de marzo de 2026", "2021-12-02".
 */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export interface DatePhrase {
  date: CalendarDate;
  /** 0 = Sunday, when the phrase names a weekday. */
  weekday?: number;
  /** The weekday as written, for messages. */
  weekdayText?: string;
  /** Whether the phrase is a real calendar date (not "February 30"). */
  valid: boolean;
}

const monthNumbers: Record<string, number> = {
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8,
  september: 9, october: 10, november: 11, december: 12,
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  enero: 1, febrero: 2, marzo: 3, abril: 4, mayo: 5, junio: 6, julio: 7, agosto: 8,
  septiembre: 9, setiembre: 9, octubre: 10, noviembre: 11, diciembre: 12,
};

const weekdayNumbers: Record<string, number> = {
  sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6,
  sun: 0, mon: 1, tue: 2, tues: 2, wed: 3, thu: 4, thur: 4, thurs: 4, fri: 5, sat: 6,
  domingo: 0, lunes: 1, martes: 2, miercoles: 3, jueves: 4, viernes: 5, sabado: 6,
};

export const weekdayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** Lower case without accents or dots: how the tables above are keyed. */
const foldWord = (word: string): string => word.normalize('NFD').replace(/\p{M}/gu, '').replace(/\./g, '').toLowerCase();

/** An alternation of the table's words that also accepts accented spellings (miércoles, sábado). */
function wordsPattern(table: Record<string, number>): string {
  const accented = (w: string) => w.replace(/[aeiou]/g, (v) => `[${v}${'áéíóú'['aeiou'.indexOf(v)]}]`);
  const words = Object.keys(table).sort((a, b) => b.length - a.length).map(accented);
  return `(?:${words.join('|')})\\.?(?!\\p{L})`;
}

const WEEKDAY = wordsPattern(weekdayNumbers);
const MONTH = wordsPattern(monthNumbers);
const DAY = String.raw`\d{1,2}(?:st|nd|rd|th|º|°)?`;
const YEAR = String.raw`\d{4}`;

/**
 * Regex source for one date phrase, weekday optional. Non-capturing only, so callers can
 * embed it more than once; compile with the `iu` flags.
 */
export const DATE_PATTERN = [
  String.raw`(?<![\p{L}\d])(?:${WEEKDAY},?\s+)?`,
  `(?:${MONTH}\\s+${DAY},?\\s+${YEAR}`,
  `|${DAY}\\s+(?:de\\s+)?${MONTH},?\\s+(?:de\\s+|del\\s+)?${YEAR}`,
  String.raw`|\d{4}-\d{2}-\d{2})(?!\d)`,
].join('');

const wholeDate = new RegExp(String.raw`^${DATE_PATTERN}[.,]?$`, 'iu');
const anyDate = new RegExp(DATE_PATTERN, 'iu');

function isRealDate({ year, month, day }: CalendarDate): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return month >= 1 && month <= 12 && d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Read the parts of a phrase matched by `DATE_PATTERN` (also inside a caller's own regex). */
export function readDatePhrase(phrase: string): DatePhrase {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(phrase.trim());
  let date: CalendarDate;
  let weekdayText: string | undefined;
  if (iso) {
    date = { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  } else {
    const words = phrase.match(/\p{L}+\.?/gu) ?? [];
    const month = words.map(foldWord).find((w) => monthNumbers[w] !== undefined);
    weekdayText = words.find((w) => weekdayNumbers[foldWord(w)] !== undefined)?.replace(/\.$/, '');
    const [day, year] = [/(?<!\d)\d{1,2}(?!\d)/.exec(phrase)?.[0], /\d{4}/.exec(phrase)?.[0]];
    date = { year: Number(year), month: monthNumbers[month!]!, day: Number(day) };
  }
  const weekday = weekdayText === undefined ? undefined : weekdayNumbers[foldWord(weekdayText)];
  return { date, weekday, weekdayText, valid: isRealDate(date) };
}

/** The date when the whole of `text` is one date phrase (trailing "." or "," allowed). */
export function parseDateLine(text: string): DatePhrase | undefined {
  const trimmed = text.trim();
  return wholeDate.test(trimmed) ? readDatePhrase(trimmed.replace(/[.,]$/, '')) : undefined;
}

/** The first date phrase inside `text`, with where it was found. */
export function findDate(text: string): (DatePhrase & { index: number; length: number }) | undefined {
  const m = anyDate.exec(text);
  return m ? { ...readDatePhrase(m[0]), index: m.index, length: m[0].length } : undefined;
}

export const isoDate = ({ year, month, day }: CalendarDate): string =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

export const weekdayOf = ({ year, month, day }: CalendarDate): number => new Date(Date.UTC(year, month - 1, day)).getUTCDay();
