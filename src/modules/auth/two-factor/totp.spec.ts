import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { hashRecoveryCode, newRecoveryCodes, normaliseRecoveryCode } from './recovery-codes.js';
import { newTotpSecret, openSecret, otpauthUri, sealSecret, verifyTotp } from './totp.js';

// RFC 6238 appendix B: the SHA-1 seed "12345678901234567890", Base32-encoded; codes are the last 6 of the 8 digits.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const at = (unixSec: number) => new Date(unixSec * 1000);

describe('TOTP codes', () => {
  it('verifies the RFC 6238 test vectors and names the time step they belong to', async () => {
    expect(await verifyTotp(RFC_SECRET, '287082', null, at(59))).toBe(1);
    expect(await verifyTotp(RFC_SECRET, '081804', null, at(1111111109))).toBe(37037036);
    expect(await verifyTotp(RFC_SECRET, '050471', null, at(1111111111))).toBe(37037037);
    expect(await verifyTotp(RFC_SECRET, '005924', null, at(1234567890))).toBe(41152263);
    expect(await verifyTotp(RFC_SECRET, '279037', null, at(2000000000))).toBe(66666666);
  });

  it('accepts a code one step early or late, not two', async () => {
    expect(await verifyTotp(RFC_SECRET, '287082', null, at(89))).toBe(1);
    expect(await verifyTotp(RFC_SECRET, '287082', null, at(30 * 3 + 1))).toBeNull();
  });

  it('refuses a code of the step used last or of an earlier one', async () => {
    expect(await verifyTotp(RFC_SECRET, '287082', 1, at(59))).toBeNull();
    expect(await verifyTotp(RFC_SECRET, '287082', 0, at(59))).toBe(1);
  });

  it('refuses anything but six digits', async () => {
    for (const code of ['28708', '2870820', 'abcdef', '', ' 287082']) expect(await verifyTotp(RFC_SECRET, code, null, at(59))).toBeNull();
  });

  it('makes 160-bit Base32 secrets and otpauth URIs that authenticator apps read', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(otpauthUri('Clinicdesk', 'anna@clinic.example', secret));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Clinicdesk:anna@clinic.example');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('issuer')).toBe('Clinicdesk');
  });
});

describe('sealed TOTP secrets', () => {
  const key = randomBytes(32);
  const staffId = '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';

  it('opens what it sealed, and the bytes do not contain the secret', () => {
    const sealed = sealSecret(key, staffId, RFC_SECRET);
    expect(sealed.includes(Buffer.from(RFC_SECRET))).toBe(false);
    expect(openSecret(key, staffId, sealed)).toBe(RFC_SECRET);
    expect(sealSecret(key, staffId, RFC_SECRET).equals(sealed)).toBe(false); // a fresh IV each time
  });

  it('refuses another key, another person and changed bytes', () => {
    const sealed = sealSecret(key, staffId, RFC_SECRET);
    expect(() => openSecret(randomBytes(32), staffId, sealed)).toThrow();
    expect(() => openSecret(key, '00000000-0000-4000-8000-000000000001', sealed)).toThrow();
    const changed = Buffer.from(sealed);
    changed[changed.length - 1]! ^= 1;
    expect(() => openSecret(key, staffId, changed)).toThrow();
  });
});

describe('recovery codes', () => {
  it('makes ten different codes that read unambiguously', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
  });

  it('takes a code as typed: any case, with or without the dash and spaces', () => {
    expect(normaliseRecoveryCode('abcde-fghjk')).toBe('ABCDEFGHJK');
    expect(normaliseRecoveryCode(' ABCDE FGHJK ')).toBe('ABCDEFGHJK');
    expect(normaliseRecoveryCode('ABCDEFGHJK')).toBe('ABCDEFGHJK');
    for (const wrong of ['ABCDE-FGHJ', 'ABCDE-FGHJKL', 'ABCDE-FGHJ1', 'OBCDE-FGHJK', '123456']) expect(normaliseRecoveryCode(wrong)).toBeNull();
  });

  it('hashes a code with a key and bound to its owner', () => {
    const key = randomBytes(32);
    const a = hashRecoveryCode(key, 'staff-a', 'ABCDEFGHJK');
    expect(a).toHaveLength(32);
    expect(hashRecoveryCode(key, 'staff-a', 'ABCDEFGHJK').equals(a)).toBe(true);
    expect(hashRecoveryCode(key, 'staff-b', 'ABCDEFGHJK').equals(a)).toBe(false);
    expect(hashRecoveryCode(randomBytes(32), 'staff-a', 'ABCDEFGHJK').equals(a)).toBe(false);
  });
});
