import { describe, expect, it } from '@jest/globals';
import { overlapDays, proratedAmount, type SpendEntry, spendByKey, totalSpend } from './spend-proration.js';

const entry = (periodStart: string, periodEnd: string, amount: number, extra: Partial<SpendEntry> = {}): SpendEntry => ({
  channel: 'vk',
  campaign: null,
  branchId: null,
  periodStart,
  periodEnd,
  amount,
  ...extra,
});

describe('spend proration', () => {
  it.each([
    // entry inside the period, straddling its start, its end, both, or outside
    ['2025-03-01', '2025-03-31', '2025-03-01', '2025-03-31', 31],
    ['2025-02-20', '2025-03-09', '2025-03-01', '2025-03-31', 9],
    ['2025-03-25', '2025-04-03', '2025-03-01', '2025-03-31', 7],
    ['2025-02-01', '2025-04-30', '2025-03-01', '2025-03-31', 31],
    ['2025-04-01', '2025-04-30', '2025-03-01', '2025-03-31', 0],
    ['2025-03-31', '2025-03-31', '2025-03-31', '2025-04-02', 1],
  ])('%s..%s shares %#: days with %s..%s', (start, end, from, to, days) => {
    expect(overlapDays({ periodStart: start, periodEnd: end }, from, to)).toBe(days);
  });

  it('prorates by the days an entry shares with the period', () => {
    expect(proratedAmount(entry('2025-03-01', '2025-03-10', 1000), '2025-03-06', '2025-03-31')).toBe(500);
    expect(proratedAmount(entry('2025-02-01', '2025-02-28', 2800), '2025-02-01', '2025-02-28')).toBe(2800);
    expect(proratedAmount(entry('2025-02-01', '2025-02-28', 2800), '2025-03-01', '2025-03-31')).toBe(0);
    expect(totalSpend([entry('2025-03-01', '2025-03-10', 1000), entry('2025-03-10', '2025-03-19', 100)], '2025-03-01', '2025-03-10')).toBe(1010);
  });

  it('sums spend per channel or campaign', () => {
    const entries = [
      entry('2025-03-01', '2025-03-10', 1000, { channel: 'vk', campaign: 'a' }),
      entry('2025-03-01', '2025-03-31', 3100, { channel: 'seo' }),
      entry('2025-03-06', '2025-03-15', 1000, { channel: 'vk', campaign: 'b' }),
    ];
    expect(Object.fromEntries(spendByKey(entries, '2025-03-01', '2025-03-10', (e) => e.channel))).toEqual({ vk: 1500, seo: 1000 });
    expect(Object.fromEntries(spendByKey(entries, '2025-03-01', '2025-03-10', (e) => e.campaign))).toEqual({ a: 1000, null: 1000, b: 500 });
  });

  it('spreads an entry over day, week and month buckets by days', () => {
    const entries = [entry('2025-01-30', '2025-02-02', 400)];
    expect(Object.fromEntries(spendByKey(entries, '2025-01-01', '2025-02-28', 'day'))).toEqual({
      '2025-01-30': 100,
      '2025-01-31': 100,
      '2025-02-01': 100,
      '2025-02-02': 100,
    });
    expect(Object.fromEntries(spendByKey(entries, '2025-01-01', '2025-02-28', 'month'))).toEqual({ '2025-01': 200, '2025-02': 200 });
    expect(Object.fromEntries(spendByKey(entries, '2025-01-31', '2025-02-28', 'week'))).toEqual({ '2025-01-27': 300 });
  });
});
