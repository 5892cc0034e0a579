import { describe, expect, it } from '@jest/globals';
import { addWorkingDays, deadlineState, isWorkingDay, localDay, RESPONSE_WORKING_DAYS, type WorkingCalendar, workingDaysBetween } from './working-days.js';

/** Russia 2026: weekdays off (New Year holidays with transfers from 3 and 4 January, 23 February, 9 March, 1 and 11 May, 12 June, 4 November, 31 December). */
const RU_2026: WorkingCalendar = {
  daysOff: new Set([
    '2026-01-01',
    '2026-01-02',
    '2026-01-05',
    '2026-01-06',
    '2026-01-07',
    '2026-01-08',
    '2026-01-09',
    '2026-02-23',
    '2026-03-09',
    '2026-05-01',
    '2026-05-11',
    '2026-06-12',
    '2026-11-04',
    '2026-12-31',
  ]),
  workingWeekendDays: new Set(),
};
const WEEKENDS_ONLY: WorkingCalendar = { daysOff: new Set(), workingWeekendDays: new Set() };
const WITH_WORKING_SATURDAY: WorkingCalendar = { daysOff: new Set(['2025-11-03', '2025-11-04']), workingWeekendDays: new Set(['2025-11-01']) };

describe('addWorkingDays', () => {
  it.each<[string, string, number, WorkingCalendar, string]>([
    ['access received on a plain Monday', '2026-02-02', 10, RU_2026, '2026-02-16'],
    ['access received on New Year’s Day waits out the holidays', '2026-01-01', 10, RU_2026, '2026-01-23'],
    ['access received on 31 December 2025', '2025-12-31', 10, RU_2026, '2026-01-23'],
    ['across the May holidays (1 May and 11 May off)', '2026-04-29', 10, RU_2026, '2026-05-15'],
    ['across 23 February and 9 March', '2026-02-20', 10, RU_2026, '2026-03-10'],
    ['extension by 5 after a plain week', '2026-05-15', 5, RU_2026, '2026-05-22'],
    ['extension by 5 across 12 June', '2026-06-05', 5, RU_2026, '2026-06-15'],
    ['rectification across 4 November', '2026-11-02', 7, RU_2026, '2026-11-12'],
    ['restriction across 12 June and a weekend', '2026-06-11', 3, RU_2026, '2026-06-17'],
    ['received on a Saturday counts from Monday', '2026-03-14', 1, RU_2026, '2026-03-16'],
    ['weekends only', '2026-05-01', 10, WEEKENDS_ONLY, '2026-05-15'],
    ['a transferred working Saturday counts', '2025-10-31', 1, WITH_WORKING_SATURDAY, '2025-11-01'],
    ['and the days off after it do not', '2025-10-31', 2, WITH_WORKING_SATURDAY, '2025-11-05'],
    ['zero days is the same day', '2026-01-01', 0, RU_2026, '2026-01-01'],
  ])('%s: %s + %i -> %s', (_name, from, n, calendar, expected) => {
    expect(addWorkingDays(from, n, calendar)).toBe(expected);
  });

  it('refuses nonsense', () => {
    expect(() => addWorkingDays('2026-02-30', 1, RU_2026)).toThrow();
    expect(() => addWorkingDays('2026-02-01', -1, RU_2026)).toThrow();
  });
});

describe('the 2026 Russian calendar', () => {
  it('has 247 working days, 15 of them in January', () => {
    expect(workingDaysBetween('2025-12-31', '2026-12-31', RU_2026)).toBe(247);
    expect(workingDaysBetween('2025-12-31', '2026-01-31', RU_2026)).toBe(15);
  });

  it.each([
    ['2026-01-08', false],
    ['2026-01-12', true],
    ['2026-05-09', false],
    ['2026-05-11', false],
    ['2026-05-12', true],
    ['2026-12-31', false],
  ])('%s working: %s', (day, expected) => {
    expect(isWorkingDay(day as string, RU_2026)).toBe(expected);
  });

  it('gives access requests 10 working days', () => {
    expect(RESPONSE_WORKING_DAYS.access).toBe(10);
  });
});

describe('localDay', () => {
  it.each<[string, string, string]>([
    ['2026-04-29T21:30:00Z', 'Europe/Moscow', '2026-04-30'],
    ['2026-04-29T21:30:00Z', 'UTC', '2026-04-29'],
    ['2026-01-01T02:00:00Z', 'Asia/Yekaterinburg', '2026-01-01'],
    ['2025-12-31T20:59:59Z', 'Europe/Moscow', '2025-12-31'],
  ])('%s in %s is %s', (at, zone, expected) => {
    expect(localDay(new Date(at), zone)).toBe(expected);
  });
});

describe('deadlineState', () => {
  it.each<[string, string | null, boolean, string, { overdue: boolean; dueSoon: boolean; effectiveDueDay: string }]>([
    ['2026-05-15', null, true, '2026-05-16', { overdue: true, dueSoon: false, effectiveDueDay: '2026-05-15' }],
    ['2026-05-15', null, true, '2026-05-15', { overdue: false, dueSoon: true, effectiveDueDay: '2026-05-15' }],
    ['2026-05-15', null, true, '2026-05-13', { overdue: false, dueSoon: true, effectiveDueDay: '2026-05-15' }],
    ['2026-05-15', null, true, '2026-05-12', { overdue: false, dueSoon: false, effectiveDueDay: '2026-05-15' }],
    ['2026-05-15', null, true, '2026-05-07', { overdue: false, dueSoon: false, effectiveDueDay: '2026-05-15' }],
    ['2026-05-15', '2026-05-22', true, '2026-05-18', { overdue: false, dueSoon: false, effectiveDueDay: '2026-05-22' }],
    ['2026-05-15', '2026-05-22', true, '2026-05-25', { overdue: true, dueSoon: false, effectiveDueDay: '2026-05-22' }],
    ['2026-05-15', null, false, '2026-06-01', { overdue: false, dueSoon: false, effectiveDueDay: '2026-05-15' }],
  ])('due %s extended %s open %s on %s', (due, extended, open, today, expected) => {
    expect(deadlineState(due, extended, open, today, RU_2026)).toEqual(expected);
  });
});
