import { describe, expect, it } from '@jest/globals';
import { deliverableCount, parseEventId } from './realtime.types.js';

describe('deliverableCount', () => {
  const cases: { name: string; delivered: number; ids: number[]; settledUpTo: number; expected: number }[] = [
    { name: 'nothing new', delivered: 5, ids: [], settledUpTo: 5, expected: 0 },
    { name: 'unbroken run', delivered: 5, ids: [6, 7, 8], settledUpTo: 5, expected: 3 },
    { name: 'hole right after the last delivered id', delivered: 5, ids: [7, 8], settledUpTo: 5, expected: 0 },
    { name: 'hole in the middle stops the run', delivered: 5, ids: [6, 8, 9], settledUpTo: 5, expected: 1 },
    { name: 'settled holes are skipped', delivered: 5, ids: [7, 9, 12], settledUpTo: 9, expected: 2 },
    { name: 'settled range then an unbroken run', delivered: 5, ids: [7, 9, 10, 11, 13], settledUpTo: 9, expected: 4 },
    { name: 'everything settled', delivered: 0, ids: [3, 40, 41], settledUpTo: 41, expected: 3 },
  ];
  it.each(cases)('$name', ({ delivered, ids, settledUpTo, expected }) => {
    expect(deliverableCount(BigInt(delivered), ids.map(BigInt), BigInt(settledUpTo))).toBe(expected);
  });

  it('refuses ids that are not above the last delivered one', () => {
    expect(() => deliverableCount(5n, [5n], 5n)).toThrow('out of order');
  });
});

describe('parseEventId', () => {
  it.each([
    ['0', 0n],
    ['42', 42n],
    [42, 42n],
    ['9223372036854775807', 9223372036854775807n],
  ] as const)('accepts %p', (raw, expected) => {
    expect(parseEventId(raw)).toBe(expected);
  });

  it.each([undefined, null, '', '-1', '01', '1.5', 1.5, -1, '9223372036854775808', '12345678901234567890', 'abc', {}, []])('rejects %p', (raw) => {
    expect(parseEventId(raw)).toBeUndefined();
  });
});
