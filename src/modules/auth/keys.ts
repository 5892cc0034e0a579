import { createHmac } from 'node:crypto';

/** What a key derived from the server's MFA_ENCRYPTION_KEY is for; one purpose, one key. */
export type KeyPurpose = 'totp-secrets' | 'recovery-codes' | 'sign-in-failures';

export function deriveKey(master: Buffer, purpose: KeyPurpose): Buffer {
  return createHmac('sha256', master).update(`clinicdesk:${purpose}`).digest();
}
