import { describe, expect, it } from '@jest/globals';
import { DECOY_HASH, hashPassword, verifyPassword } from './passwords.js';

/** `$argon2id$v=19$m=19456,t=2,p=1$…`: algorithm, version and cost, without salt and hash. */
const costOf = (hash: string) => hash.split('$').slice(1, 4).join('$');

describe('passwords', () => {
  it('hashes with argon2id and verifies', async () => {
    const hash = await hashPassword('a long enough password');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, 'a long enough password')).toBe(true);
    expect(await verifyPassword(hash, 'another password')).toBe(false);
  });

  it('checks a sign-in for an unknown email against a decoy of the same cost, so it takes as long as a wrong password', async () => {
    expect(costOf(DECOY_HASH)).toBe(costOf(await hashPassword('anything')));
    expect(await verifyPassword(DECOY_HASH, '')).toBe(false);
  });
});
