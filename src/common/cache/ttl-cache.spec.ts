import { describe, expect, it, jest } from '@jest/globals';
import { TtlCache } from './ttl-cache.js';

describe('TtlCache', () => {
  it('shares one read between callers and keeps it until the time is up', async () => {
    let now = 1_000;
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      const cache = new TtlCache<number>(5_000);
      let reads = 0;
      const load = async () => ++reads;
      expect(await Promise.all([cache.get('a', load), cache.get('a', load)])).toEqual([1, 1]);
      now += 4_999;
      expect(await cache.get('a', load)).toBe(1);
      now += 1;
      expect(await cache.get('a', load)).toBe(2);
      cache.delete('a');
      expect(await cache.get('a', load)).toBe(3);
    } finally {
      clock.mockRestore();
    }
  });

  it('does not keep a failed read, and keeps nothing with a time of 0', async () => {
    const cache = new TtlCache<string>(60_000);
    await expect(cache.get('a', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('a', async () => 'up')).toBe('up');

    const none = new TtlCache<number>(0);
    let reads = 0;
    await none.get('a', async () => ++reads);
    expect(await none.get('a', async () => ++reads)).toBe(2);
  });
});
