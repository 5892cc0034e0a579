import { Readable } from 'node:stream';

/** Text a spreadsheet would run as a formula (OWASP "CSV injection"): = + - @, tab, carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field (RFC 4180). Text that starts like a formula gets a leading apostrophe so spreadsheets show it
 * as text; numbers we computed are written as they are (a negative ROMI must stay a number).
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') text = String(value);
  else {
    text = String(value);
    if (FORMULA_START.test(text)) text = `'${text}`;
  }
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record with the CRLF line ending RFC 4180 prescribes. */
export function csvLine(cells: readonly unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** Excel reads UTF-8 (Cyrillic campaign names, staff names) correctly only after a byte-order mark. */
const BOM = '\uFEFF';

/** A CSV document as a stream: the header, then each row as it comes (rows may arrive in pages from the database). */
export function csvStream(header: readonly string[], rows: Iterable<readonly unknown[]> | AsyncIterable<readonly unknown[]>): Readable {
  async function* lines() {
    yield BOM + csvLine(header);
    let chunk = '';
    for await (const row of rows) {
      chunk += csvLine(row);
      if (chunk.length >= 16_384) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  return Readable.from(lines(), { objectMode: false });
}
