/** Dates are ISO calendar days ("2026-05-12"), with no time zone: the legal calendar is counted in days. */
export type IsoDay = string;

/** Weekends are days off except `workingWeekendDays` (transferred workdays); `daysOff` are weekdays off (holidays). */
export interface WorkingCalendar {
  daysOff: ReadonlySet<IsoDay>;
  workingWeekendDays: ReadonlySet<IsoDay>;
}

export type SubjectRequestType = 'access' | 'rectification' | 'restriction' | 'erasure' | 'withdrawal';

/**
 * Working days the clinic has to answer each request type (152-FZ arts. 14, 20, 21): access 10 (extendable
 * once by 5 with a reasoned notice); rectification and erasure 7; restriction 3; withdrawal 10 (destruction must
 * follow within 30 days, which the purge job does well before).
 */
export const RESPONSE_WORKING_DAYS: Record<SubjectRequestType, number> = {
  access: 10,
  rectification: 7,
  restriction: 3,
  erasure: 7,
  withdrawal: 10,
};
export const EXTENSION_WORKING_DAYS = 5;
export const EXTENDABLE_TYPES: ReadonlySet<SubjectRequestType> = new Set(['access']);

const DAY_MS = 86_400_000;

function parseDay(day: IsoDay): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`Not a calendar day: ${day}`);
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) throw new Error(`Not a calendar day: ${day}`);
  return ms;
}

const formatDay = (ms: number): IsoDay => new Date(ms).toISOString().slice(0, 10);

export function isWorkingDay(day: IsoDay, calendar: WorkingCalendar): boolean {
  const weekday = new Date(parseDay(day)).getUTCDay();
  if (weekday === 0 || weekday === 6) return calendar.workingWeekendDays.has(day);
  return !calendar.daysOff.has(day);
}

/** The n-th working day after `from` (a term counted from the day after the event, as the law counts it). */
export function addWorkingDays(from: IsoDay, n: number, calendar: WorkingCalendar): IsoDay {
  if (!Number.isInteger(n) || n < 0) throw new Error(`Working days must be a whole number >= 0 (got ${n})`);
  let ms = parseDay(from);
  let left = n;
  while (left > 0) {
    ms += DAY_MS;
    if (isWorkingDay(formatDay(ms), calendar)) left -= 1;
  }
  return formatDay(ms);
}

/** Working days from the day after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: IsoDay, to: IsoDay, calendar: WorkingCalendar): number {
  let count = 0;
  for (let ms = parseDay(from) + DAY_MS, end = parseDay(to); ms <= end; ms += DAY_MS) {
    if (isWorkingDay(formatDay(ms), calendar)) count += 1;
  }
  return count;
}

/** The calendar day of an instant in a time zone: a request received at 23:30 Moscow time counts on that day. */
export function localDay(at: Date, timeZone: string): IsoDay {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export interface DeadlineState {
  /** The day the answer is due: the extended day when extended. */
  effectiveDueDay: IsoDay;
  overdue: boolean;
  /** Not overdue, and due within `soonWorkingDays` working days. */
  dueSoon: boolean;
}

export function deadlineState(
  dueDay: IsoDay,
  extendedUntil: IsoDay | null,
  open: boolean,
  today: IsoDay,
  calendar: WorkingCalendar,
  soonWorkingDays = 2,
): DeadlineState {
  const effectiveDueDay = extendedUntil ?? dueDay;
  if (!open) return { effectiveDueDay, overdue: false, dueSoon: false };
  const overdue = today > effectiveDueDay;
  const dueSoon = !overdue && effectiveDueDay <= addWorkingDays(today, soonWorkingDays, calendar);
  return { effectiveDueDay, overdue, dueSoon };
}
