import { describe, expect, it } from '@jest/globals';
import { decodeCursor, encodeCursor } from './pagination.js';

const ID = '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
const raw = (at: unknown, id: unknown = ID) => Buffer.from(JSON.stringify([at, id])).toString('base64url');

describe('cursors', () => {
  it('give back what they were made from', () => {
    for (const at of ['2026-12-01T10:00:00.000Z', '0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '2026-03-01T00:00:00Z']) {
      expect(decodeCursor(encodeCursor({ at, id: ID }))).toEqual({ at, id: ID });
    }
    expect(decodeCursor(undefined)).toBeUndefined();
  });

  it.each([
    ['a year PostgreSQL cannot hold', raw('+275760-09-13T00:00:00.000Z')],
    ['a negative year', raw('-271821-04-20T00:00:00.000Z')],
    ['year 0', raw('0000-01-01T00:00:00.000Z')],
    ['Date.toString()', raw('Tue Dec 01 2026 10:00:00 GMT+0300 (Moscow Standard Time)')],
    ['a day that does not exist', raw('2026-02-30T00:00:00.000Z')],
    ['a time without a zone', raw('2026-12-01T10:00:00')],
    ['a number for a time', raw(1_700_000_000_000)],
    ['an id that is not a UUID', raw('2026-12-01T10:00:00.000Z', "' OR 1=1 --")],
    ['not JSON', Buffer.from('nonsense').toString('base64url')],
  ])('refuses one with %s as not issued by the API', (_label, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow('cursor is not one this API issued');
  });
});
