import {
  DAY_MS,
  MINUTE_MS,
  dayFromIsoDate,
  isoWeekday,
  localDayOf,
  localToUtc,
  minutesOfDay,
  offsetChangeBetween,
  offsetMinutes,
  steadyOffset,
} from '../../common/time/zoned-time.js';

/**
 * Working time and free slots, as pure functions: the schedule rules are in each branch's local time,
 * the answers are UTC instants, correct on daylight-saving change days.
 */

export const EXCEPTION_KINDS = ['day_off', 'vacation', 'sick_leave', 'extra_hours'] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

/** A weekly rule: on these ISO weekdays, from start to end local time, at this branch. */
export interface WeeklyHours {
  branchId: string;
  weekdays: number[];
  start: string;
  end: string;
  validFrom: string | null;
  validTo: string | null;
}

/** A dated exception. Without times it covers whole days; off kinds without a branch apply at every branch. */
export interface ScheduleRule {
  kind: ExceptionKind;
  dateFrom: string;
  dateTo: string;
  start: string | null;
  end: string | null;
  branchId: string | null;
}

export interface DoctorSchedule {
  doctorId: string;
  hours: WeeklyHours[];
  exceptions: ScheduleRule[];
}

/** A stretch of working time in real (UTC) time, split where the branch's offset changes inside it. */
export interface WorkInterval {
  branchId: string;
  startMs: number;
  endMs: number;
  segments: { startMs: number; endMs: number; offsetMin: number }[];
}

export interface Slot {
  doctorId: string;
  branchId: string;
  startMs: number;
  endMs: number;
  /** The branch's UTC offset at the start of the slot, in minutes. */
  offsetMin: number;
}

export interface DoctorSlotInput {
  doctorId: string;
  durationMin: number;
  /** The doctor's working time in the window, from workIntervals. */
  work: WorkInterval[];
  /** Active appointments of this doctor at any branch: [start, end) UTC ms. */
  busy: Array<[number, number]>;
}

export interface SlotWindow {
  fromMs: number;
  toMs: number;
  nowMs: number;
  /** Slots start at local times that are multiples of this many minutes from midnight; must divide 1440. */
  stepMin: number;
}

type Range = [number, number];

/** Local working ranges (minutes of the day) of a doctor at a branch on a local day: weekly hours + extra hours - time off. */
export function localHoursOn(schedule: DoctorSchedule, branchId: string, day: number): Range[] {
  const weekday = isoWeekday(day);
  let ranges: Range[] = [];
  for (const h of schedule.hours) {
    if (h.branchId !== branchId || !h.weekdays.includes(weekday)) continue;
    if ((h.validFrom && day < dayFromIsoDate(h.validFrom)) || (h.validTo && day > dayFromIsoDate(h.validTo))) continue;
    ranges.push([minutesOfDay(h.start), minutesOfDay(h.end)]);
  }
  for (const e of schedule.exceptions) {
    if (e.kind === 'extra_hours' || (e.branchId && e.branchId !== branchId) || !covers(e, day)) continue;
    ranges = subtract(ranges, e.start && e.end ? [minutesOfDay(e.start), minutesOfDay(e.end)] : [0, 24 * 60]);
  }
  // Extra hours are the most specific statement ("works then"), so they win over time off on the same day.
  for (const e of schedule.exceptions) {
    if (e.kind === 'extra_hours' && e.branchId === branchId && covers(e, day) && e.start && e.end) ranges.push([minutesOfDay(e.start), minutesOfDay(e.end)]);
  }
  return merge(ranges);
}

/** Working time of a doctor that overlaps [fromMs, toMs), per branch, in UTC. */
export function workIntervals(schedule: DoctorSchedule, zones: ReadonlyMap<string, string>, fromMs: number, toMs: number): WorkInterval[] {
  const branches = new Set(schedule.hours.map((h) => h.branchId));
  for (const e of schedule.exceptions) if (e.kind === 'extra_hours' && e.branchId) branches.add(e.branchId);
  const out: WorkInterval[] = [];
  for (const branchId of branches) {
    const zone = zones.get(branchId);
    if (!zone || toMs <= fromMs) continue;
    const lastDay = localDayOf(zone, toMs - 1);
    for (let day = localDayOf(zone, fromMs); day <= lastDay; day++) {
      const steady = steadyOffset(zone, day);
      for (const [s, e] of localHoursOn(schedule, branchId, day)) {
        const interval = steady !== null ? steadyInterval(branchId, day, s, e, steady) : changeDayInterval(branchId, zone, day, s, e);
        if (interval && interval.startMs < toMs && interval.endMs > fromMs) out.push(interval);
      }
    }
  }
  return out.sort((a, b) => a.startMs - b.startMs);
}

/**
 * Free slots of every doctor in the window, on the grid, inside their working time and never starting in the past.
 * Sorted by start, then doctor.
 */
export function freeSlots(doctors: DoctorSlotInput[], window: SlotWindow): Slot[] {
  const lower = Math.max(window.fromMs, Math.ceil(window.nowMs / MINUTE_MS) * MINUTE_MS);
  const stepMs = window.stepMin * MINUTE_MS;
  const out: Slot[] = [];
  // Doctors in id order, then a stable sort by start alone: ties keep that order, without comparing ids pair by pair.
  const inIdOrder = [...doctors].sort((a, b) => compareIds(a.doctorId, b.doctorId));
  for (const { doctorId, durationMin, work, busy } of inIdOrder) {
    const durationMs = durationMin * MINUTE_MS;
    const taken = merge(busy);
    for (const interval of work) {
      for (const segment of interval.segments) {
        const begin = Math.max(segment.startMs, lower);
        for (
          let at = firstOnGrid(begin, segment.offsetMin, window.stepMin);
          at < segment.endMs && at < window.toMs && at + durationMs <= interval.endMs;
          at += stepMs
        ) {
          if (!overlapsAny(taken, at, at + durationMs)) {
            out.push({ doctorId, branchId: interval.branchId, startMs: at, endMs: at + durationMs, offsetMin: segment.offsetMin });
          }
        }
      }
    }
  }
  return out.sort((a, b) => a.startMs - b.startMs);
}

/** Whether [startMs, endMs) lies inside the doctor's working time at the branch. The grid does not apply: staff may book off-grid. */
export function withinWorkingTime(schedule: DoctorSchedule, zones: ReadonlyMap<string, string>, branchId: string, startMs: number, endMs: number): boolean {
  return workIntervals(schedule, zones, startMs - DAY_MS, endMs + DAY_MS).some((i) => i.branchId === branchId && i.startMs <= startMs && endMs <= i.endMs);
}

/** Indexes of two weekly rules of one doctor that overlap in weekdays, validity and time of day; null when none do. */
export function overlappingHours(hours: WeeklyHours[]): [number, number] | null {
  for (let i = 0; i < hours.length; i++) {
    for (let j = i + 1; j < hours.length; j++) {
      const a = hours[i]!;
      const b = hours[j]!;
      if (!a.weekdays.some((d) => b.weekdays.includes(d))) continue;
      if (minutesOfDay(a.start) >= minutesOfDay(b.end) || minutesOfDay(b.start) >= minutesOfDay(a.end)) continue;
      const aFrom = a.validFrom ?? '0000-01-01';
      const aTo = a.validTo ?? '9999-12-31';
      const bFrom = b.validFrom ?? '0000-01-01';
      const bTo = b.validTo ?? '9999-12-31';
      if (aFrom > bTo || bFrom > aTo) continue;
      return [i, j];
    }
  }
  return null;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function covers(rule: ScheduleRule, day: number): boolean {
  return day >= dayFromIsoDate(rule.dateFrom) && day <= dayFromIsoDate(rule.dateTo);
}

function steadyInterval(branchId: string, day: number, s: number, e: number, offsetMin: number): WorkInterval {
  const startMs = day * DAY_MS + (s - offsetMin) * MINUTE_MS;
  const endMs = day * DAY_MS + (e - offsetMin) * MINUTE_MS;
  return { branchId, startMs, endMs, segments: [{ startMs, endMs, offsetMin }] };
}

function changeDayInterval(branchId: string, zone: string, day: number, s: number, e: number): WorkInterval | null {
  const startMs = localToUtc(zone, day * DAY_MS + s * MINUTE_MS).utcMs;
  const endMs = localToUtc(zone, day * DAY_MS + e * MINUTE_MS).utcMs;
  if (endMs <= startMs) return null;
  const change = offsetChangeBetween(zone, startMs, endMs);
  const segments =
    change === null
      ? [{ startMs, endMs, offsetMin: offsetMinutes(zone, startMs) }]
      : [
          { startMs, endMs: change, offsetMin: offsetMinutes(zone, startMs) },
          { startMs: change, endMs, offsetMin: offsetMinutes(zone, change) },
        ];
  return { branchId, startMs, endMs, segments };
}

/** The first instant at or after `ms` whose local time is on the grid (the grid divides the day, so midnight is on it). */
function firstOnGrid(ms: number, offsetMin: number, stepMin: number): number {
  const minute = Math.ceil(ms / MINUTE_MS);
  const rest = (((minute + offsetMin) % stepMin) + stepMin) % stepMin;
  return (minute + (rest ? stepMin - rest : 0)) * MINUTE_MS;
}

/** Sorted, non-overlapping ranges covering the same time; new arrays, the input is left as it is. */
function merge(ranges: Range[]): Range[] {
  const sorted = ranges.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

function subtract(ranges: Range[], [cs, ce]: Range): Range[] {
  const out: Range[] = [];
  for (const [s, e] of ranges) {
    if (ce <= s || cs >= e) {
      out.push([s, e]);
      continue;
    }
    if (cs > s) out.push([s, cs]);
    if (ce < e) out.push([ce, e]);
  }
  return out;
}

/** `taken` is sorted and non-overlapping, so ends are sorted too: binary search the first one ending after `start`. */
function overlapsAny(taken: Array<[number, number]>, start: number, end: number): boolean {
  let lo = 0;
  let hi = taken.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (taken[mid]![1] <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo < taken.length && taken[lo]![0] < end;
}
