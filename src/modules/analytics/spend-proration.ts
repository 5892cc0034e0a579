import { dayFromIsoDate, isoDateFromDay } from '../../common/time/zoned-time.js';
import { bucketKey, type TimeBucket } from '../leads/funnel-definitions.js';

/** A marketing spend entry: `amount` spent evenly over the local dates periodStart..periodEnd (inclusive). */
export interface SpendEntry {
  channel: string;
  campaign: string | null;
  branchId: string | null;
  periodStart: string;
  periodEnd: string;
  amount: number;
}

/** Days the entry shares with from..to (dates inclusive). */
export function overlapDays(entry: Pick<SpendEntry, 'periodStart' | 'periodEnd'>, from: string, to: string): number {
  const start = Math.max(dayFromIsoDate(entry.periodStart), dayFromIsoDate(from));
  const end = Math.min(dayFromIsoDate(entry.periodEnd), dayFromIsoDate(to));
  return Math.max(0, end - start + 1);
}

/** The part of an entry's amount that falls in from..to: amount × shared days / days of the entry. */
export function proratedAmount(entry: SpendEntry, from: string, to: string): number {
  const days = dayFromIsoDate(entry.periodEnd) - dayFromIsoDate(entry.periodStart) + 1;
  return (entry.amount * overlapDays(entry, from, to)) / days;
}

/**
 * Spend of the period per group key: `keyOf` names the group of an entry (channel, campaign, branch), or a
 * time bucket spreads each entry over the buckets by days. Amounts are not rounded here.
 */
export function spendByKey(
  entries: SpendEntry[],
  from: string,
  to: string,
  keyOf: ((e: SpendEntry) => string | null) | TimeBucket,
): Map<string | null, number> {
  const totals = new Map<string | null, number>();
  const add = (key: string | null, amount: number) => totals.set(key, (totals.get(key) ?? 0) + amount);
  for (const entry of entries) {
    if (typeof keyOf === 'function') {
      const amount = proratedAmount(entry, from, to);
      if (amount > 0) add(keyOf(entry), amount);
      continue;
    }
    const perDay = entry.amount / (dayFromIsoDate(entry.periodEnd) - dayFromIsoDate(entry.periodStart) + 1);
    const first = Math.max(dayFromIsoDate(entry.periodStart), dayFromIsoDate(from));
    const last = Math.min(dayFromIsoDate(entry.periodEnd), dayFromIsoDate(to));
    for (let day = first; day <= last; day++) add(bucketKey(isoDateFromDay(day), keyOf), perDay);
  }
  return totals;
}

/** Total spend of the period. */
export function totalSpend(entries: SpendEntry[], from: string, to: string): number {
  return entries.reduce((sum, e) => sum + proratedAmount(e, from, to), 0);
}
