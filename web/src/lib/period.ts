// Report periods as local dates (YYYY-MM-DD, both ends included), as the analytics API reads them.
import { addDays } from './zoned-time';

export interface Period {
  from: string;
  to: string;
}

export const PERIOD_PRESETS = ['last7', 'last30', 'thisMonth', 'lastMonth', 'last90', 'last365'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];
export type TimeBucket = 'day' | 'week' | 'month';

const DAY = 86_400_000;

/** Days in a period, both ends included. */
export function daysIn(period: Period): number {
  return Math.round((Date.parse(`${period.to}T00:00:00Z`) - Date.parse(`${period.from}T00:00:00Z`)) / DAY) + 1;
}

/** A preset period ending today (local date `today`). */
export function presetPeriod(preset: PeriodPreset, today: string): Period {
  const monthStart = `${today.slice(0, 7)}-01`;
  switch (preset) {
    case 'last7':
      return { from: addDays(today, -6), to: today };
    case 'last30':
      return { from: addDays(today, -29), to: today };
    case 'thisMonth':
      return { from: monthStart, to: today };
    case 'lastMonth': {
      const end = addDays(monthStart, -1);
      return { from: `${end.slice(0, 7)}-01`, to: end };
    }
    case 'last90':
      return { from: addDays(today, -89), to: today };
    case 'last365':
      return { from: addDays(today, -364), to: today };
  }
}

/** The period of the same length just before: what a period is compared with. */
export function previousPeriod(period: Period): Period {
  const days = daysIn(period);
  return { from: addDays(period.from, -days), to: addDays(period.from, -1) };
}

/** The calendar step a trend over the period reads well in. */
export function bucketFor(period: Period): TimeBucket {
  const days = daysIn(period);
  return days <= 62 ? 'day' : days <= 370 ? 'week' : 'month';
}

/** The local dates a bucket of the trend covers (`key`: YYYY-MM-DD, the Monday, or YYYY-MM), within the period. */
export function bucketPeriod(key: string, unit: TimeBucket, within: Period): Period {
  const from = unit === 'month' ? `${key}-01` : key;
  const to = unit === 'day' ? key : unit === 'week' ? addDays(key, 6) : addDays(`${addDays(`${key}-28`, 4).slice(0, 7)}-01`, -1);
  return { from: from < within.from ? within.from : from, to: to > within.to ? within.to : to };
}

/** Change from `before` to `now` as a fraction (0.12 = +12 %); null when there is nothing to compare with. */
export function change(now: number | null | undefined, before: number | null | undefined): number | null {
  if (now === null || now === undefined || before === null || before === undefined || before === 0) return null;
  return (now - before) / Math.abs(before);
}
