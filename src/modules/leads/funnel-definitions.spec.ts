import { describe, expect, it } from '@jest/globals';
import { bucketKey, bucketsOf, type ContactBucket, contactPercentile, daysIn, periodProblem } from './funnel-definitions.js';
import { costPer, funnelFigures, ratio, romi } from './funnel-figures.js';

describe('funnel math', () => {
  it.each([
    [1, 3, 0.3333],
    [2, 2, 1],
    [0, 5, 0],
    [3, 0, null],
    [3, null, null],
  ])('ratio(%p, %p) = %p', (part, whole, expected) => {
    expect(ratio(part, whole)).toBe(expected);
  });

  it.each([
    [1000, 4, 250],
    [1000, 3, 333.33],
    [1000, 0, null],
    [null, 4, null],
    [0, 4, null],
  ])('costPer(%p, %p) = %p', (spend, units, expected) => {
    expect(costPer(spend, units)).toBe(expected);
  });

  it.each([
    [3000, 1000, 2],
    [500, 1000, -0.5],
    [0, 1000, -1],
    [1000, 0, null],
    [1000, null, null],
  ])('romi(revenue %p, spend %p) = %p', (revenue, spend, expected) => {
    expect(romi(revenue, spend)).toBe(expected);
  });

  it('derives every rate and cost of a funnel row', () => {
    const figures = funnelFigures({ leads: 10, contacted: 8, contactedWithinSla: 6, booked: 5, visited: 4, repeat: 1, revenue: 12000 }, 4000);
    expect(figures).toEqual({
      leads: 10,
      contacted: 8,
      contactedWithinSla: 6,
      booked: 5,
      visited: 4,
      repeat: 1,
      revenue: 12000,
      contactRate: 0.8,
      slaRate: 0.6,
      bookingRate: 0.5,
      visitRate: 0.4,
      repeatRate: 0.1,
      showRate: 0.8,
      returnRate: 0.25,
      spend: 4000,
      cpl: 400,
      costPerBooking: 800,
      costPerVisit: 1000,
      romi: 2,
    });
  });

  it('leaves costs and ROMI empty where spend cannot be attributed', () => {
    const figures = funnelFigures({ leads: 2, contacted: 0, contactedWithinSla: 0, booked: 0, visited: 0, repeat: 0, revenue: 0 }, null);
    expect(figures).toMatchObject({ spend: null, cpl: null, costPerBooking: null, costPerVisit: null, romi: null, showRate: null, returnRate: null });
  });
  it('leaves costs empty when nothing was spent, as ROMI (a channel without spend has no cost per lead)', () => {
    const figures = funnelFigures({ leads: 3, contacted: 2, contactedWithinSla: 1, booked: 2, visited: 1, repeat: 0, revenue: 5000 }, 0);
    expect(figures).toMatchObject({ spend: 0, cpl: null, costPerBooking: null, costPerVisit: null, romi: null });
  });
});

describe('calendar buckets', () => {
  it.each([
    ['2025-03-05', 'day', '2025-03-05'],
    ['2025-03-05', 'month', '2025-03'],
    ['2025-03-05', 'week', '2025-03-03'], // Wednesday -> Monday
    ['2025-03-03', 'week', '2025-03-03'], // Monday
    ['2025-03-09', 'week', '2025-03-03'], // Sunday
    ['2025-01-01', 'week', '2024-12-30'], // across the year
  ] as const)('%s in a %s bucket is %s', (date, unit, key) => {
    expect(bucketKey(date, unit)).toBe(key);
  });

  it('lists every bucket of a period without gaps', () => {
    expect(bucketsOf('2025-01-30', '2025-02-02', 'day')).toEqual(['2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02']);
    expect(bucketsOf('2025-01-15', '2025-03-01', 'month')).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(bucketsOf('2025-03-05', '2025-03-17', 'week')).toEqual(['2025-03-03', '2025-03-10', '2025-03-17']);
  });

  it('counts the days of a period with both ends', () => {
    expect(daysIn('2025-01-01', '2025-01-01')).toBe(1);
    expect(daysIn('2024-01-01', '2024-12-31')).toBe(366);
  });

  it('refuses periods that end before they start or are too long', () => {
    expect(periodProblem('2025-01-02', '2025-01-01')).toMatch(/on or after/);
    expect(periodProblem('2020-01-01', '2025-01-01')).toMatch(/at most/);
    expect(periodProblem('2025-01-01', '2025-01-01')).toBeNull();
  });
});

describe('percentiles of contact times kept in buckets', () => {
  /** Buckets as the rollup keeps them, from single values (bucket = the value's 10 % class). */
  const bucketsOf = (values: number[]): ContactBucket[] => {
    const byBucket = new Map<number, number[]>();
    for (const v of values) {
      const bucket = v < 10 ? Math.floor(v) : 10 + Math.floor(Math.log(v / 10) / Math.log(1.1));
      byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), v]);
    }
    return [...byBucket].map(([bucket, vs]) => ({ bucket, leads: vs.length, minSec: Math.min(...vs), maxSec: Math.max(...vs) }));
  };
  const exact = (values: number[], fraction: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    const rank = fraction * (sorted.length - 1);
    const low = sorted[Math.floor(rank)]!;
    return low + (sorted[Math.ceil(rank)]! - low) * (rank - Math.floor(rank));
  };

  it('is percentile_cont exactly while no bucket holds more than two values', () => {
    const values = [30, 120, 240, 360, 600, 125];
    for (const fraction of [0, 0.25, 0.5, 0.9, 1]) expect(contactPercentile(bucketsOf(values), fraction)).toBe(Math.round(exact(values, fraction)));
  });

  it('stays within a few percent on many values, whatever order the buckets come in', () => {
    let seed = 7;
    const next = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    const values = Array.from({ length: 5000 }, () => Math.round(-Math.log(1 - next()) * 180 * 100) / 100);
    const buckets = bucketsOf(values).reverse();
    for (const fraction of [0.5, 0.9]) {
      const truth = exact(values, fraction);
      expect(Math.abs(contactPercentile(buckets, fraction)! - truth)).toBeLessThanOrEqual(truth * 0.02);
    }
  });

  it('has no value without contacts', () => {
    expect(contactPercentile([], 0.5)).toBeNull();
  });
});
