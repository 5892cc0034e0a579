// Wall-clock arithmetic in a branch's IANA time zone with Intl only (the same approach as the server's zoned-time).
const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(zone);
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
    partsFormatters.set(zone, f);
  }
  return f;
}

/** Minutes the zone is ahead of UTC at an instant. */
export function offsetMinutes(zone: string, utcMs: number): number {
  const p: Record<string, number> = {};
  for (const part of partsFormatter(zone).formatToParts(new Date(utcMs))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return Math.round((wall - Math.floor(utcMs / 1000) * 1000) / MINUTE_MS);
}

/** The local date (YYYY-MM-DD) of an instant in the zone. */
export function localDateOf(zone: string, utcMs: number): string {
  return new Date(utcMs + offsetMinutes(zone, utcMs) * MINUTE_MS).toISOString().slice(0, 10);
}

/** Minutes since local midnight of an instant in the zone. */
export function localMinutesOf(zone: string, utcMs: number): number {
  const local = utcMs + offsetMinutes(zone, utcMs) * MINUTE_MS;
  return Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS);
}

/** The instant of a local date and minutes after its midnight in the zone (a skipped time moves later, as on the server). */
export function zonedInstant(zone: string, date: string, minutes = 0): number {
  const local = Date.parse(`${date}T00:00:00Z`) + minutes * MINUTE_MS;
  const before = offsetMinutes(zone, local - DAY_MS) * MINUTE_MS;
  const after = offsetMinutes(zone, local + DAY_MS) * MINUTE_MS;
  const matches = [local - before, local - after].filter((c) => c + offsetMinutes(zone, c) * MINUTE_MS === local);
  return matches.length ? Math.min(...matches) : local - before;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** "09:30" from minutes after midnight. */
export function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Minutes after midnight from "09:30". */
export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}
