/**
 * Wall-clock arithmetic in IANA time zones with Intl only. Local calendar days are "day numbers"
 * (days since 1970-01-01); local times are minutes from local midnight; instants are UTC milliseconds.
 */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();
const OFFSET_CACHE_LIMIT = 20_000;

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Minutes the zone is ahead of UTC at an instant (Europe/Moscow: 180, America/New_York in winter: -300). */
export function offsetMinutes(zone: string, utcMs: number): number {
  const key = `${zone}|${utcMs}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(utcMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  const offset = Math.round((wall - Math.floor(utcMs / 1000) * 1000) / MINUTE_MS);
  if (offsets.size >= OFFSET_CACHE_LIMIT) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/**
 * The instant a local wall-clock time (given as if it were UTC milliseconds) happens in the zone.
 * Like Temporal's "compatible": a time skipped by a spring-forward gap moves later by the gap,
 * a time repeated by a fall-back takes its earlier occurrence.
 */
export function localToUtc(zone: string, localMs: number): { utcMs: number; exists: boolean } {
  // No zone is more than 14 h from UTC, and no zone changes its offset twice within a day.
  const before = offsetMinutes(zone, localMs - DAY_MS) * MINUTE_MS;
  const after = offsetMinutes(zone, localMs + DAY_MS) * MINUTE_MS;
  const matches = [localMs - before, localMs - after].filter((c) => c + offsetMinutes(zone, c) * MINUTE_MS === localMs);
  if (matches.length) return { utcMs: Math.min(...matches), exists: true };
  return { utcMs: localMs - before, exists: false };
}

/** The zone's offset (minutes) if it is the same throughout the local day, else null (a change day). */
export function steadyOffset(zone: string, day: number): number | null {
  const start = day * DAY_MS;
  const first = offsetMinutes(zone, start - 14 * HOUR_MS);
  const last = offsetMinutes(zone, start + DAY_MS + 14 * HOUR_MS);
  return first === last ? first : null;
}

/** The local calendar day an instant falls on in the zone. */
export function localDayOf(zone: string, utcMs: number): number {
  return Math.floor((utcMs + offsetMinutes(zone, utcMs) * MINUTE_MS) / DAY_MS);
}

/** The first instant in [fromMs, toMs) at which the offset differs from the offset at fromMs (minute precision). */
export function offsetChangeBetween(zone: string, fromMs: number, toMs: number): number | null {
  const initial = offsetMinutes(zone, fromMs);
  if (offsetMinutes(zone, toMs - MINUTE_MS) === initial) return null;
  let lo = fromMs; // offset here is `initial`
  let hi = toMs - MINUTE_MS; // offset here differs
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
    if (offsetMinutes(zone, mid) === initial) lo = mid;
    else hi = mid;
  }
  return hi;
}

export function dayFromIsoDate(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y!, m! - 1, d!) / DAY_MS;
}

export function isoDateFromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** "09:30" or "09:30:00" -> 570; "24:00" -> 1440. */
export function minutesOfDay(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h! * 60 + m!;
}

export function timeOfDay(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** "+03:00", "-04:00", "+05:45". */
export function formatOffset(offsetMin: number): string {
  const abs = Math.abs(offsetMin);
  return `${offsetMin < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

let isoDay = NaN;
let isoDayPrefix = '';

/**
 * The same text as `new Date(utcMs).toISOString()`, several times faster for runs of instants on the same UTC day
 * (lists of thousands of slots): the date part is formatted once per day, the time of day by arithmetic.
 */
export function isoInstant(utcMs: number): string {
  if (!Number.isInteger(utcMs)) return new Date(utcMs).toISOString();
  const day = Math.floor(utcMs / DAY_MS);
  if (day !== isoDay) {
    const iso = new Date(day * DAY_MS).toISOString();
    isoDayPrefix = iso.slice(0, iso.indexOf('T') + 1);
    isoDay = day;
  }
  const ms = utcMs - day * DAY_MS;
  // Slots start on whole minutes: "HH:MM" comes from a table, so the text is one concatenation.
  if (ms % MINUTE_MS === 0) return isoDayPrefix + HOURS_MINUTES[ms / MINUTE_MS] + ':00.000Z';
  const milli = ms % 1000;
  return `${isoDayPrefix}${pad2(Math.floor(ms / HOUR_MS))}:${pad2(Math.floor(ms / MINUTE_MS) % 60)}:${pad2(Math.floor(ms / 1000) % 60)}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}

/** "00:00" … "23:59", by minute of the day. */
const HOURS_MINUTES = Array.from({ length: 1440 }, (_, minute) => `${pad2(Math.floor(minute / 60))}:${pad2(minute % 60)}`);

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}
