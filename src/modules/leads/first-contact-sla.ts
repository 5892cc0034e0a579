import type { OpeningHours } from '../branches/branch.entity.js';
import { DAY_MS, isoWeekday, localDayOf, localToUtc, MINUTE_MS, minutesOfDay } from '../../common/time/zoned-time.js';

/**
 * When the first contact with a lead is due: `minutes` of call-center open time after it arrived, in the
 * branch's zone. A lead at 23:00 with the center opening at 09:00 is due at 09:05. No hours = around the clock.
 */
export function firstContactDueAt(arrivedAt: Date, minutes: number, hours: OpeningHours[], zone: string): Date {
  const start = arrivedAt.getTime();
  if (!hours.length) return new Date(start + minutes * MINUTE_MS);
  let remaining = minutes * MINUTE_MS;
  const firstDay = localDayOf(zone, start);
  for (let day = firstDay; day < firstDay + 15; day++) {
    for (const [open, close] of openIntervals(hours, isoWeekday(day))) {
      const opensAt = localToUtc(zone, day * DAY_MS + open * MINUTE_MS).utcMs;
      const closesAt = localToUtc(zone, day * DAY_MS + close * MINUTE_MS).utcMs;
      const from = Math.max(opensAt, start);
      if (from >= closesAt) continue;
      if (remaining <= closesAt - from) return new Date(from + remaining);
      remaining -= closesAt - from;
    }
  }
  return new Date(start + minutes * MINUTE_MS); // hours that never open: fall back to wall-clock minutes
}

/** The day's open intervals in local minutes, sorted and merged where they overlap. */
function openIntervals(hours: OpeningHours[], weekday: number): [number, number][] {
  const intervals = hours
    .filter((h) => h.weekdays.includes(weekday))
    .map((h) => [minutesOfDay(h.start), minutesOfDay(h.end)] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [open, close] of intervals) {
    const last = merged[merged.length - 1];
    if (last && open <= last[1]) last[1] = Math.max(last[1], close);
    else merged.push([open, close]);
  }
  return merged;
}
