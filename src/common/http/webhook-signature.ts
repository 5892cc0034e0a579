import { createHmac, timingSafeEqual } from 'node:crypto';

/** The `X-Signature` value for a body: `sha256=` and the hex HMAC-SHA256 of the exact bytes with the source key. */
export function signBody(body: Buffer | string, key: string): string {
  return `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;
}

/** Constant-time check of an `X-Signature` header against the raw body; false for anything malformed. */
export function signatureMatches(header: unknown, body: Buffer | undefined, key: string | undefined): boolean {
  if (typeof header !== 'string' || !body || !key) return false;
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!match) return false;
  const presented = Buffer.from(match[1]!, 'hex');
  const expected = createHmac('sha256', key).update(body).digest();
  return timingSafeEqual(presented, expected);
}
