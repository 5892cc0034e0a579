import { describe, expect, it } from '@jest/globals';
import {
  type DoctorSchedule,
  type ScheduleRule,
  type SlotWindow,
  type WeeklyHours,
  freeSlots,
  overlappingHours,
  withinWorkingTime,
  workIntervals,
} from './availability.js';

const MOSCOW = 'b-moscow';
const BERLIN = 'b-berlin';
const NEW_YORK = 'b-new-york';
const zones = new Map([
  [MOSCOW, 'Europe/Moscow'],
  [BERLIN, 'Europe/Berlin'],
  [NEW_YORK, 'America/New_York'],
]);
const LONG_AGO = Date.parse('2020-01-01T00:00:00Z');

const hours = (branchId: string, weekdays: number[], start: string, end: string, valid: Partial<WeeklyHours> = {}): WeeklyHours => ({
  branchId,
  weekdays,
  start,
  end,
  validFrom: null,
  validTo: null,
  ...valid,
});
const off = (
  kind: ScheduleRule['kind'],
  dateFrom: string,
  dateTo = dateFrom,
  times: [string, string] | null = null,
  branchId: string | null = null,
): ScheduleRule => ({ kind, dateFrom, dateTo, start: times?.[0] ?? null, end: times?.[1] ?? null, branchId });
const schedule = (h: WeeklyHours[], exceptions: ScheduleRule[] = [], doctorId = 'd1'): DoctorSchedule => ({ doctorId, hours: h, exceptions });
const span = (from: string, to: string): [number, number] => [Date.parse(from), Date.parse(to)];

interface Case {
  name: string;
  schedule: DoctorSchedule;
  window: [string, string];
  durationMin?: number;
  stepMin?: number;
  now?: string;
  busy?: Array<[string, string]>;
  /** Expected slot starts, UTC ISO without milliseconds. */
  starts: string[];
  offsets?: number[];
}

const cases: Case[] = [
  {
    name: 'Moscow weekday, 30-minute grid',
    schedule: schedule([hours(MOSCOW, [1, 2, 3, 4, 5], '09:00', '11:00')]),
    window: ['2027-01-04T00:00:00Z', '2027-01-05T00:00:00Z'],
    starts: ['06:00', '06:30', '07:00', '07:30'].map((t) => `2027-01-04T${t}:00Z`),
    offsets: [180, 180, 180, 180],
  },
  {
    name: 'no hours on a weekday the rule does not list (Saturday)',
    schedule: schedule([hours(MOSCOW, [1, 2, 3, 4, 5], '09:00', '11:00')]),
    window: ['2027-01-09T00:00:00Z', '2027-01-10T00:00:00Z'],
    starts: [],
  },
  {
    name: 'grid aligned to local midnight, not to the start of the shift; the slot must end by the end of the shift',
    schedule: schedule([hours(MOSCOW, [1], '09:10', '10:30')]),
    window: ['2027-01-04T00:00:00Z', '2027-01-05T00:00:00Z'],
    durationMin: 45,
    stepMin: 15,
    starts: ['06:15', '06:30', '06:45'].map((t) => `2027-01-04T${t}:00Z`),
  },
  {
    name: 'a break splits the day; adjacent rules join so a long slot may span them',
    schedule: schedule([hours(MOSCOW, [1], '09:00', '10:00'), hours(MOSCOW, [1], '10:00', '11:00'), hours(MOSCOW, [1], '12:00', '13:00')]),
    window: ['2027-01-04T00:00:00Z', '2027-01-05T00:00:00Z'],
    durationMin: 60,
    starts: ['06:00', '06:30', '07:00', '09:00'].map((t) => `2027-01-04T${t}:00Z`),
  },
  {
    name: 'an appointment of a different length removes every slot it overlaps',
    schedule: schedule([hours(MOSCOW, [1], '09:00', '11:00')]),
    window: ['2027-01-04T00:00:00Z', '2027-01-05T00:00:00Z'],
    stepMin: 15,
    busy: [['2027-01-04T06:40:00Z', '2027-01-04T06:50:00Z']],
    starts: ['06:00', '07:00', '07:15', '07:30'].map((t) => `2027-01-04T${t}:00Z`),
  },
  {
    name: 'slots already started or past are never offered',
    schedule: schedule([hours(MOSCOW, [1], '09:00', '11:00')]),
    window: ['2027-01-04T00:00:00Z', '2027-01-05T00:00:00Z'],
    now: '2027-01-04T07:05:00Z',
    starts: ['2027-01-04T07:30:00Z'],
  },
  {
    name: 'the window bounds the start of a slot',
    schedule: schedule([hours(MOSCOW, [1], '09:00', '11:00')]),
    window: ['2027-01-04T06:30:00Z', '2027-01-04T07:30:00Z'],
    starts: ['2027-01-04T06:30:00Z', '2027-01-04T07:00:00Z'],
  },
  {
    name: 'a day off removes the whole day',
    schedule: schedule([hours(MOSCOW, [1, 2], '09:00', '10:00')], [off('day_off', '2027-01-04')]),
    window: ['2027-01-04T00:00:00Z', '2027-01-06T00:00:00Z'],
    starts: ['2027-01-05T06:00:00Z', '2027-01-05T06:30:00Z'],
  },
  {
    name: 'a vacation covers a range of dates',
    schedule: schedule([hours(MOSCOW, [1, 2, 3, 4, 5], '09:00', '10:00')], [off('vacation', '2027-01-04', '2027-01-07')]),
    window: ['2027-01-04T00:00:00Z', '2027-01-09T00:00:00Z'],
    starts: ['2027-01-08T06:00:00Z', '2027-01-08T06:30:00Z'],
  },
  {
    name: 'sick leave for part of a day leaves the rest',
    schedule: schedule([hours(MOSCOW, [1], '09:00', '11:00')], [off('sick_leave', '2027-01-04', '2027-01-04', ['09:30', '10:30'])]),
    window: ['2027-01-04T00:00:00Z', '2027-01-05T00:00:00Z'],
    starts: ['2027-01-04T06:00:00Z', '2027-01-04T07:30:00Z'],
  },
  {
    name: 'time off at another branch does not apply here',
    schedule: schedule([hours(MOSCOW, [1], '09:00', '10:00')], [off('day_off', '2027-01-04', '2027-01-04', null, BERLIN)]),
    window: ['2027-01-04T00:00:00Z', '2027-01-05T00:00:00Z'],
    starts: ['2027-01-04T06:00:00Z', '2027-01-04T06:30:00Z'],
  },
  {
    name: 'extra hours on a Saturday, and they win over time off on the same day',
    schedule: schedule(
      [hours(MOSCOW, [1], '09:00', '10:00')],
      [off('day_off', '2027-01-09'), off('extra_hours', '2027-01-09', '2027-01-09', ['12:00', '13:00'], MOSCOW)],
    ),
    window: ['2027-01-09T00:00:00Z', '2027-01-10T00:00:00Z'],
    starts: ['2027-01-09T09:00:00Z', '2027-01-09T09:30:00Z'],
  },
  {
    name: 'rules only apply within their validity dates',
    schedule: schedule([hours(MOSCOW, [1], '09:00', '10:00', { validTo: '2027-01-10' }), hours(MOSCOW, [1], '14:00', '15:00', { validFrom: '2027-01-11' })]),
    window: ['2027-01-04T00:00:00Z', '2027-01-12T00:00:00Z'],
    durationMin: 60,
    starts: ['2027-01-04T06:00:00Z', '2027-01-11T11:00:00Z'],
  },
  {
    name: 'Berlin, the Sunday clocks go forward: 09:00 local is 07:00Z, the day before it was 08:00Z',
    schedule: schedule([hours(BERLIN, [6, 7], '09:00', '10:00')]),
    window: ['2027-03-27T00:00:00Z', '2027-03-29T00:00:00Z'],
    durationMin: 60,
    starts: ['2027-03-27T08:00:00Z', '2027-03-28T07:00:00Z'],
    offsets: [60, 120],
  },
  {
    name: 'Berlin, a shift across the spring gap has no slots at local times that do not exist',
    schedule: schedule([hours(BERLIN, [7], '01:00', '04:00')]),
    window: ['2027-03-27T12:00:00Z', '2027-03-29T00:00:00Z'],
    starts: ['2027-03-28T00:00:00Z', '2027-03-28T00:30:00Z', '2027-03-28T01:00:00Z', '2027-03-28T01:30:00Z'],
    offsets: [60, 60, 120, 120],
  },
  {
    name: 'Berlin, a shift across the autumn change offers the repeated hour twice (real time is 4 hours)',
    schedule: schedule([hours(BERLIN, [7], '01:00', '04:00')]),
    window: ['2027-10-30T12:00:00Z', '2027-11-01T00:00:00Z'],
    durationMin: 30,
    starts: [
      '2027-10-30T23:00:00Z',
      '2027-10-30T23:30:00Z',
      '2027-10-31T00:00:00Z',
      '2027-10-31T00:30:00Z',
      '2027-10-31T01:00:00Z',
      '2027-10-31T01:30:00Z',
      '2027-10-31T02:00:00Z',
      '2027-10-31T02:30:00Z',
    ],
    offsets: [120, 120, 120, 120, 60, 60, 60, 60],
  },
  {
    name: 'New York, spring forward: 09:00 EDT is 13:00Z, the Saturday before 09:00 EST is 14:00Z',
    schedule: schedule([hours(NEW_YORK, [6, 7], '09:00', '10:00')]),
    window: ['2027-03-13T00:00:00Z', '2027-03-15T00:00:00Z'],
    durationMin: 60,
    starts: ['2027-03-13T14:00:00Z', '2027-03-14T13:00:00Z'],
    offsets: [-300, -240],
  },
  {
    name: 'New York, fall back: 09:00 EST on the change day is 14:00Z',
    schedule: schedule([hours(NEW_YORK, [6, 7], '09:00', '10:00')]),
    window: ['2027-11-06T00:00:00Z', '2027-11-08T00:00:00Z'],
    durationMin: 60,
    starts: ['2027-11-06T13:00:00Z', '2027-11-07T14:00:00Z'],
  },
  {
    name: 'Moscow keeps +03:00 on the European change day',
    schedule: schedule([hours(MOSCOW, [7], '09:00', '10:00')]),
    window: ['2027-03-28T00:00:00Z', '2027-03-29T00:00:00Z'],
    durationMin: 60,
    starts: ['2027-03-28T06:00:00Z'],
    offsets: [180],
  },
  {
    name: 'a local day is cut by the window in the branch zone, not in UTC (New York evening is the next UTC day)',
    schedule: schedule([hours(NEW_YORK, [1], '20:00', '21:00')]),
    window: ['2027-01-05T00:00:00Z', '2027-01-06T00:00:00Z'],
    durationMin: 60,
    starts: ['2027-01-05T01:00:00Z'],
  },
];

describe('freeSlots', () => {
  /** Slots of doctors given by their schedules, as the service computes them: working time first, then slots in it. */
  const slotsOf = (doctors: Array<{ schedule: DoctorSchedule; durationMin: number; busy: Array<[number, number]> }>, window: SlotWindow) =>
    freeSlots(
      doctors.map((d) => ({
        doctorId: d.schedule.doctorId,
        durationMin: d.durationMin,
        work: workIntervals(d.schedule, zones, window.fromMs, window.toMs),
        busy: d.busy,
      })),
      window,
    );

  it.each(cases)('$name', (c) => {
    const slots = slotsOf([{ schedule: c.schedule, durationMin: c.durationMin ?? 30, busy: (c.busy ?? []).map(([s, e]) => span(s, e)) }], {
      fromMs: Date.parse(c.window[0]),
      toMs: Date.parse(c.window[1]),
      nowMs: c.now ? Date.parse(c.now) : LONG_AGO,
      stepMin: c.stepMin ?? 30,
    });
    expect(slots.map((s) => new Date(s.startMs).toISOString().replace('.000Z', 'Z'))).toEqual(c.starts);
    for (const s of slots) expect(s.endMs - s.startMs).toBe((c.durationMin ?? 30) * 60_000);
    if (c.offsets) expect(slots.map((s) => s.offsetMin)).toEqual(c.offsets);
  });

  it('merges several doctors by start time, ties in doctor id order, and keeps each doctor’s own appointments to that doctor', () => {
    const a = schedule([hours(MOSCOW, [1], '09:00', '10:00')], [], 'a');
    const b = schedule([hours(MOSCOW, [1], '09:30', '10:30')], [], 'b');
    const slots = slotsOf(
      [
        { schedule: b, durationMin: 30, busy: [] },
        { schedule: a, durationMin: 30, busy: [span('2027-01-04T06:00:00Z', '2027-01-04T06:30:00Z')] },
      ],
      { fromMs: Date.parse('2027-01-04T00:00:00Z'), toMs: Date.parse('2027-01-05T00:00:00Z'), nowMs: LONG_AGO, stepMin: 30 },
    );
    expect(slots.map((s) => `${s.doctorId}@${new Date(s.startMs).toISOString().slice(11, 16)}`)).toEqual(['a@06:30', 'b@06:30', 'b@07:00']);
  });
});

describe('withinWorkingTime', () => {
  const s = schedule([hours(MOSCOW, [1], '09:00', '13:00')], [off('sick_leave', '2027-01-04', '2027-01-04', ['11:00', '12:00'])]);
  it.each([
    ['inside, off the grid', MOSCOW, '2027-01-04T06:10:00Z', '2027-01-04T06:40:00Z', true],
    ['ending exactly at the end of working time', MOSCOW, '2027-01-04T09:30:00Z', '2027-01-04T10:00:00Z', true],
    ['running past the end', MOSCOW, '2027-01-04T09:45:00Z', '2027-01-04T10:15:00Z', false],
    ['inside sick leave', MOSCOW, '2027-01-04T08:00:00Z', '2027-01-04T08:30:00Z', false],
    ['before the start', MOSCOW, '2027-01-04T05:45:00Z', '2027-01-04T06:15:00Z', false],
    ['at a branch the doctor does not work at then', BERLIN, '2027-01-04T06:00:00Z', '2027-01-04T06:30:00Z', false],
  ])('%s -> %s', (_name, branch, start, end, expected) => {
    expect(withinWorkingTime(s, zones, branch, Date.parse(start), Date.parse(end))).toBe(expected);
  });
});

describe('overlappingHours', () => {
  it.each([
    ['different weekdays', [hours(MOSCOW, [1], '09:00', '18:00'), hours(BERLIN, [2], '09:00', '18:00')], null],
    ['back to back', [hours(MOSCOW, [1], '09:00', '13:00'), hours(MOSCOW, [1], '13:00', '18:00')], null],
    ['same day, overlapping times at two branches', [hours(MOSCOW, [1, 3], '09:00', '13:00'), hours(BERLIN, [3], '12:00', '18:00')], [0, 1]],
    [
      'overlapping times, validity apart',
      [hours(MOSCOW, [1], '09:00', '13:00', { validTo: '2027-01-31' }), hours(MOSCOW, [1], '10:00', '18:00', { validFrom: '2027-02-01' })],
      null,
    ],
    [
      'overlapping times, validity overlapping',
      [hours(MOSCOW, [1], '09:00', '13:00', { validTo: '2027-02-01' }), hours(MOSCOW, [1], '10:00', '18:00', { validFrom: '2027-02-01' })],
      [0, 1],
    ],
  ])('%s', (_name, rules, expected) => {
    expect(overlappingHours(rules as WeeklyHours[])).toEqual(expected);
  });
});
