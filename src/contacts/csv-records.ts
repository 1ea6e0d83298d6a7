/**
 * The text layer of a media-list CSV: bytes to text, the delimiter, and records
 * (RFC 4180 quoting), with file-level problems as `AppError('VALIDATION')`.
 */
import { isUtf8 } from 'node:buffer';
import { CsvError, parse, type CsvErrorCode } from 'csv-parse/sync';
import { invalid } from '../errors.js';

const delimiters = [',', ';', '\t'] as const;
export type Delimiter = (typeof delimiters)[number];

const isDelimiter = (ch: string): ch is Delimiter => (delimiters as readonly string[]).includes(ch);

const saveAsUtf8 = 'save it from the spreadsheet as "CSV UTF-8"';

/** Decode the file and drop a UTF-8 byte-order mark; refuse what is not UTF-8 text. */
export function decodeCsvText(input: string | Buffer): string {
  if (Buffer.isBuffer(input) && !isUtf8(input)) {
    throw invalid(`The file is not UTF-8 text (an Excel workbook, or an older "CSV" export?); ${saveAsUtf8}`);
  }
  const text = (Buffer.isBuffer(input) ? input.toString('utf8') : input).replace(/^\uFEFF/, '');
  // NUL never occurs in a text export; U+FFFD means someone decoded non-UTF-8 bytes before us.
  if (text.includes('\0')) throw invalid(`The file looks binary, not like CSV text; ${saveAsUtf8}`);
  if (text.includes('\uFFFD')) throw invalid(`The file was not read as UTF-8 text; ${saveAsUtf8}`);
  if (!text.trim()) throw invalid('The file is empty');
  return text;
}

/**
 * The delimiter used most on the header line, counting only outside quotes.
 * A comma wins ties (including a one-column file) because it is the common case.
 */
export function detectDelimiter(text: string): Delimiter {
  const counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (ch === '\n' || ch === '\r') break;
    else if (isDelimiter(ch)) counts[ch] += 1;
  }
  return delimiters.reduce((best, d) => (counts[d] > counts[best] ? d : best));
}

const quoteProblems: Partial<Record<CsvErrorCode, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted value is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'text follows the closing quote of a quoted value',
  INVALID_OPENING_QUOTE: 'a quote appears inside a value that is not quoted (double it and quote the value)',
};

/**
 * Every record of the file, empty lines included, so that records[i] is spreadsheet
 * row i + 1 however many physical lines a quoted cell spans.
 */
export function readCsvRecords(text: string, delimiter: Delimiter): string[][] {
  try {
    return parse(text, {
      delimiter,
      // Listed explicitly because auto-detection fixes one ending for the whole file.
      record_delimiter: ['\r\n', '\n', '\r'],
      // Extra cells are a problem of that row, not of the file.
      relax_column_count: true,
    });
  } catch (error) {
    throw error instanceof CsvError ? malformedRow(error) : error;
  }
}

function malformedRow(error: CsvError): Error {
  const problem = quoteProblems[error.code];
  if (!problem) return error;
  // csv-parse counts the records it completed; the broken one is the next row.
  const row = Number(error.records) + 1;
  return invalid(`Row ${row} is malformed: ${problem}`, [{ row, message: problem }]);
}
