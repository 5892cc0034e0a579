import { describe, expect, it } from '@jest/globals';
import { retryDelaySec } from './retry.js';

describe('retryDelaySec', () => {
  it.each([
    [1, 5, 3600, 5],
    [2, 5, 3600, 10],
    [3, 5, 3600, 20],
    [10, 5, 3600, 2560],
    [11, 5, 3600, 3600],
    [200, 5, 600, 600],
    [1, 0, 3600, 0],
    [0, 5, 3600, 0],
  ])('attempt %i with base %is, cap %is -> %is', (attempt, base, cap, expected) => {
    expect(retryDelaySec(attempt, base, cap)).toBe(expected);
  });
});
