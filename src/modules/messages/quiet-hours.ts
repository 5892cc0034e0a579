import { DAY_MS, localDayOf, localToUtc, MINUTE_MS, minutesOfDay, offsetMinutes } from '../../common/time/zoned-time.js';

/** Local times ("21:00", "09:00") between which patients get no automatic messages; equal times: no quiet hours. */
export interface QuietHours {
  start: string;
  end: string;
}

/** The latest a reminder may go before the visit: one later than this helps nobody. */
export const MIN_LEAD_MIN = 30;

function localMinutes(zone: string, atMs: number): number {
  const local = atMs + offsetMinutes(zone, atMs) * MINUTE_MS;
  return Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS);
}

/** Whether an instant falls within the quiet hours of the zone (the hours may span midnight). */
export function isQuiet(zone: string, atMs: number, quiet: QuietHours): boolean {
  const start = minutesOfDay(quiet.start);
  const end = minutesOfDay(quiet.end);
  if (start === end) return false;
  const now = localMinutes(zone, atMs);
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** The first instant at or after `atMs` outside quiet hours: the end of the quiet period it falls in. */
export function nextAllowed(zone: string, atMs: number, quiet: QuietHours): number {
  if (!isQuiet(zone, atMs, quiet)) return atMs;
  const start = minutesOfDay(quiet.start);
  const end = minutesOfDay(quiet.end);
  const day = localDayOf(zone, atMs);
  const endDay = start > end && localMinutes(zone, atMs) >= start ? day + 1 : day;
  return localToUtc(zone, endDay * DAY_MS + end * MINUTE_MS).utcMs;
}

/** The last minute before the quiet period `atMs` falls in began (the evening before, for night hours). */
export function previousAllowed(zone: string, atMs: number, quiet: QuietHours): number {
  if (!isQuiet(zone, atMs, quiet)) return atMs;
  const start = minutesOfDay(quiet.start);
  const end = minutesOfDay(quiet.end);
  const day = localDayOf(zone, atMs);
  const startDay = start > end && localMinutes(zone, atMs) < end ? day - 1 : day;
  return localToUtc(zone, startDay * DAY_MS + start * MINUTE_MS).utcMs - MINUTE_MS;
}

/**
 * The ideal time of a reminder `offsetMin` before a visit. Whole days are counted on the local calendar, so a
 * reminder a day ahead goes at the visit's local time of day the day before, also across a daylight-saving change;
 * the rest of the offset is elapsed time.
 */
export function reminderIdealAt(startsAtMs: number, offsetMin: number, zone: string): number {
  const days = Math.floor(offsetMin / 1440);
  const rest = offsetMin % 1440;
  let at = startsAtMs;
  if (days) {
    const local = startsAtMs + offsetMinutes(zone, startsAtMs) * MINUTE_MS;
    at = localToUtc(zone, local - days * DAY_MS).utcMs;
  }
  return at - rest * MINUTE_MS;
}

/**
 * When a reminder goes, or null when it should not go at all. A time within the quiet hours moves to their end when
 * that is still at least MIN_LEAD_MIN before the visit, else back to just before they began; a time already past (a
 * booking made late: its confirmation says it all) or too close to the visit gives null.
 */
export function reminderSendAt(startsAtMs: number, offsetMin: number, zone: string, quiet: QuietHours, nowMs: number): number | null {
  let at = reminderIdealAt(startsAtMs, offsetMin, zone);
  const latest = startsAtMs - MIN_LEAD_MIN * MINUTE_MS;
  if (isQuiet(zone, at, quiet)) {
    const forward = nextAllowed(zone, at, quiet);
    at = forward <= latest ? forward : previousAllowed(zone, at, quiet);
  }
  if (at < nowMs || at > latest) return null;
  return at;
}
