import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const OPTIONS = { algorithm: 2 /* Algorithm.Argon2id (a const enum) */, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Verified against when the account does not exist, so that a miss takes as long as a wrong password. */
export const DECOY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$mgiGtPek3hUjaT2kspl40w$9uQ/tsvapJPk88+v6k8D4upVxcA/fCu5OIlw3UCJIdY';
