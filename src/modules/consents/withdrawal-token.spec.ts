import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { issueWithdrawalToken } from './consents.service.js';

describe('withdrawal tokens', () => {
  it('are 32 random bytes each, never repeated or zeroed across refills of the pool, with the hash of the token', () => {
    const issued = Array.from({ length: 400 }, () => issueWithdrawalToken());
    const tokens = issued.map((i) => i.token);
    expect(new Set(tokens).size).toBe(400);
    for (const { token, hash } of issued) {
      const bytes = Buffer.from(token, 'base64url');
      expect(bytes).toHaveLength(32);
      expect(bytes.equals(Buffer.alloc(32))).toBe(false);
      expect(hash.equals(createHash('sha256').update(token).digest())).toBe(true);
    }
  });
});
