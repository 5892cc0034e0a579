import { createHash, timingSafeEqual } from 'node:crypto';

/** Constant-time comparison of a presented secret with the expected one; no expected secret matches nothing. */
export function secretMatches(presented: unknown, expected: string | undefined): boolean {
  if (typeof presented !== 'string' || !expected) return false;
  return timingSafeEqual(createHash('sha256').update(presented).digest(), createHash('sha256').update(expected).digest());
}
