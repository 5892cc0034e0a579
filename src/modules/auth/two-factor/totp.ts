import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';

/** RFC 6238 as authenticator apps expect it: SHA-1, 6 digits, 30-second steps. */
export const TOTP_PERIOD_SEC = 30;
/** One step either side of the server's clock: a phone a little off, or a code typed as it changed. */
const TOLERANCE_SEC = TOTP_PERIOD_SEC;

const SEALED_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A new shared secret (160 random bits, Base32), as the authenticator app stores it. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The `otpauth://totp/…` URI an authenticator app reads from the QR code. */
export function otpauthUri(issuer: string, account: string, secret: string): string {
  return generateURI({ issuer, label: account, secret, period: TOTP_PERIOD_SEC, digits: 6, algorithm: 'sha1' });
}

/**
 * The time step a 6-digit code belongs to, if it is valid now and newer than `afterStep` (the step of the code used
 * last): a code is good once, and never older than the last one used. Null when it does not verify.
 */
export async function verifyTotp(secret: string, code: string, afterStep: number | null, at: Date = new Date()): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    period: TOTP_PERIOD_SEC,
    digits: 6,
    algorithm: 'sha1',
    epochTolerance: TOLERANCE_SEC,
    epoch: Math.floor(at.getTime() / 1000),
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/**
 * Encrypts a TOTP secret with AES-256-GCM. The staff member's id is bound in as associated data, so a sealed secret
 * copied to another person's row does not open.
 */
export function sealSecret(key: Buffer, staffId: string, secret: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(staffId));
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([SEALED_VERSION]), iv, cipher.getAuthTag(), ciphertext]);
}

/** Throws when the key is not the one it was sealed with or the bytes were changed. */
export function openSecret(key: Buffer, staffId: string, sealed: Buffer): string {
  if (sealed[0] !== SEALED_VERSION || sealed.length <= 1 + IV_BYTES + TAG_BYTES) throw new Error('Unknown format of a sealed two-factor secret');
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(staffId));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}
