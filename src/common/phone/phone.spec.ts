import { describe, expect, it } from '@jest/globals';
import { normalizePhone } from './phone.js';

describe('normalizePhone', () => {
  it.each([
    ['8 (912) 345-67-89', 'RU', '+79123456789'],
    ['+7 912 345 67 89', 'RU', '+79123456789'],
    ['9123456789', 'RU', '+79123456789'],
    ['+49 30 901820', 'RU', '+4930901820'],
    ['(201) 555-0123', 'US', '+12015550123'],
    ['12345', 'RU', null],
    ['not a phone', 'RU', null],
    ['', 'RU', null],
  ])('%s in %s -> %s', (raw, region, expected) => {
    expect(normalizePhone(raw, region)).toBe(expected);
  });
});
