import { describe, expect, it } from '@jest/globals';
import { FixedWindowCounter } from './rate-limit.js';

describe('FixedWindowCounter', () => {
  it('allows `limit` hits per window and key, then says how long to wait', () => {
    const counter = new FixedWindowCounter();
    const t0 = 1_000_000;
    expect([1, 2, 3].map(() => counter.hit('a', 3, 60, t0))).toEqual([0, 0, 0]);
    expect(counter.hit('a', 3, 60, t0 + 1_000)).toBe(59);
    expect(counter.hit('b', 3, 60, t0 + 1_000)).toBe(0);
    expect(counter.hit('a', 3, 60, t0 + 59_500)).toBe(1);
    expect(counter.hit('a', 3, 60, t0 + 60_000)).toBe(0);
  });

  it('stays bounded under a flood of distinct keys', () => {
    const counter = new FixedWindowCounter(10);
    for (let i = 0; i < 100; i += 1) expect(counter.hit(`k${i}`, 1, 60, 0)).toBe(0);
    expect((counter as unknown as { windows: Map<string, unknown> }).windows.size).toBeLessThanOrEqual(10);
  });
});
