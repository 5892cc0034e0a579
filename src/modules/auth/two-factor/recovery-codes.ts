import { createHmac, randomBytes } from 'node:crypto';

/** Letters and digits that cannot be mistaken for one another when read from paper (no I, O, 0, 1). */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 10;
export const RECOVERY_CODE_COUNT = 10;

/** Ten codes of 50 random bits each, shown as `ABCDE-FGHJK`. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    // 32 symbols: the low five bits of a random byte pick one without bias.
    const chars = [...randomBytes(CODE_LENGTH)].map((byte) => ALPHABET[byte & 31]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** A code as typed (any case, with or without the dash or spaces) in its stored form; null if it cannot be one. */
export function normaliseRecoveryCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, '').toUpperCase();
  return code.length === CODE_LENGTH && [...code].every((c) => ALPHABET.includes(c)) ? code : null;
}

/** Keyed with a server key and bound to the person: a copy of the table alone does not let anyone try codes offline. */
export function hashRecoveryCode(key: Buffer, staffId: string, normalised: string): Buffer {
  return createHmac('sha256', key).update(`${staffId}:${normalised}`).digest();
}
