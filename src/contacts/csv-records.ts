/**
 * The text layer of a media-list CSV, read as a stream: bytes to text, the delimiter, and
 * records (RFC 4180 quoting), with file-level problems as `AppError`s. Nothing holds the
 * whole file: a 60 MB export goes through in slices, so the process keeps answering.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse, type CsvErrorCode } from 'csv-parse';
import { AppError, invalid } from '../errors.js';

const delimiters = [',', ';', '\t'] as const;
export type Delimiter = (typeof delimiters)[number];

const isDelimiter = (ch: string): ch is Delimiter => (delimiters as readonly string[]).includes(ch);

const saveAsUtf8 = 'save it from the spreadsheet as "CSV UTF-8"';

/** A file as the API receives it (a request stream), or whole (tests, the CLI's bytes). */
export type CsvInput = string | Buffer | AsyncIterable<Buffer | string>;

// Small slices keep each synchronous step (decoding, csv-parse's transform) short.
const SLICE_BYTES = 64 * 1024;

async function* slices(input: CsvInput): AsyncGenerator<Buffer> {
  const chunks = typeof input === 'string' || Buffer.isBuffer(input) ? [input] : input;
  for await (const chunk of chunks) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, 'utf8');
    for (let i = 0; i < bytes.length; i += SLICE_BYTES) yield bytes.subarray(i, i + SLICE_BYTES);
  }
}

const tooLarge = (maxBytes: number): AppError => {
  const message = `is larger than ${maxBytes.toLocaleString('en-US')} bytes, the limit for one import (CSV_IMPORT_MAX_BYTES)`;
  return new AppError('TOO_LARGE', `The file ${message}; split it into smaller files`, { issues: [{ field: 'body', message }] });
};

/**
 * The file as UTF-8 text (TextDecoder drops a byte-order mark), refusing what is not text
 * (invalid UTF-8, NUL, U+FFFD) and stopping as soon as it passes `maxBytes`.
 */
async function* decodeCsvText(input: CsvInput, maxBytes: number): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  const checked = (text: string): string => {
    // NUL never occurs in a text export; U+FFFD means someone decoded non-UTF-8 bytes before us.
    if (text.includes('\0')) throw invalid(`The file looks binary, not like CSV text; ${saveAsUtf8}`);
    if (text.includes('\uFFFD')) throw invalid(`The file was not read as UTF-8 text; ${saveAsUtf8}`);
    return text;
  };
  try {
    for await (const slice of slices(input)) {
      bytes += slice.length;
      if (bytes > maxBytes) throw tooLarge(maxBytes);
      yield checked(decoder.decode(slice, { stream: true }));
    }
    yield checked(decoder.decode());
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && error.code === 'ERR_ENCODING_INVALID_ENCODED_DATA') {
      throw invalid(`The file is not UTF-8 text (an Excel workbook, or an older "CSV" export?); ${saveAsUtf8}`);
    }
    throw error;
  }
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

function malformedRow(error: CsvError): Error {
  const problem = quoteProblems[error.code];
  if (!problem) return error;
  // csv-parse counts the records it completed; the broken one is the next row.
  const row = Number(error.records) + 1;
  return invalid(`Row ${row} is malformed: ${problem}`, [{ row, message: problem }]);
}

export interface CsvRecords {
  delimiter: Delimiter;
  /**
   * Every record of the file, empty lines included, so that the i-th record is spreadsheet
   * row i however many physical lines a quoted cell spans.
   */
  records: AsyncIterable<string[]>;
}

// The text before the header's line end, or this much of it, is enough to pick the delimiter.
const HEADER_SCAN_CHARS = 1024 * 1024;
const hasHeaderLine = (text: string): boolean => /\S[^\r\n]*[\r\n]/.test(text);

export async function openCsvRecords(input: CsvInput, maxBytes: number): Promise<CsvRecords> {
  const text = decodeCsvText(input, maxBytes);
  let head = '';
  for (let next = await text.next(); !next.done; next = await text.next()) {
    head += next.value;
    if (hasHeaderLine(head) || head.length > HEADER_SCAN_CHARS) break;
  }
  if (!head.trim()) throw invalid('The file is empty');
  const delimiter = detectDelimiter(head);
  async function* all(): AsyncGenerator<string> {
    yield head;
    yield* text;
  }
  const parser = parse({
    delimiter,
    // Listed explicitly because auto-detection fixes one ending for the whole file.
    record_delimiter: ['\r\n', '\n', '\r'],
    // Extra cells are a problem of that row, not of the file.
    relax_column_count: true,
  });
  // A failure on either side (a decoding refusal, a quoting error) ends the other and surfaces in the loop.
  const feeding = pipeline(Readable.from(all(), { objectMode: false }), parser);
  feeding.catch(() => undefined);
  async function* records(): AsyncGenerator<string[]> {
    try {
      for await (const record of parser) yield record as string[];
      await feeding;
    } catch (error) {
      throw error instanceof CsvError ? malformedRow(error) : error;
    }
  }
  return { delimiter, records: records() };
}
