/**
 * A large JSON answer serialized once, into the bytes the HTTP layer writes as they are. Answered as an object it
 * becomes a string that is then measured and copied into bytes on its way out: for an answer of a few hundred
 * kilobytes, two more copies for the garbage collector on every request. The route sets `Content-Type: application/json`.
 */
export function jsonBody(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
