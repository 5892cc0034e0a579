import { type Options, stringify } from 'csv-stringify';
import { stringify as stringifyRecords } from 'csv-stringify/sync';
import { pipeline, Readable } from 'node:stream';

/**
 * RFC 4180 with CRLF line endings. Text that starts like a formula (= + - @, tab, carriage return, and their
 * full-width forms: OWASP "CSV injection") gets a leading apostrophe so spreadsheets show it as text; numbers we
 * computed are written as they are (a negative ROMI must stay a number), dates as ISO-8601, booleans as words.
 */
const CSV_OPTIONS: Options = {
  record_delimiter: 'windows',
  // Quote a field holding a lone CR or LF too, not only one holding CRLF.
  quote_record_delimiter: true,
  escape_formulas: true,
  cast: {
    date: (value) => value.toISOString(),
    boolean: (value) => String(value),
  },
};

/** One record, with its CRLF. */
export function csvLine(cells: readonly unknown[]): string {
  return stringifyRecords([[...cells]], CSV_OPTIONS);
}

/**
 * A CSV document as a stream: the header, then each row as it comes (rows may arrive in pages from the database).
 * Excel reads UTF-8 (Cyrillic campaign names, staff names) correctly only after a byte-order mark.
 */
export function csvStream(header: readonly string[], rows: Iterable<readonly unknown[]> | AsyncIterable<readonly unknown[]>): Readable {
  async function* records() {
    yield header;
    yield* rows;
  }
  // A failing source (a database error midway) destroys the returned stream, which ends the download with an error.
  return pipeline(Readable.from(records()), stringify({ ...CSV_OPTIONS, bom: true }), () => undefined);
}
