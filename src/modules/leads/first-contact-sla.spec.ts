import { describe, expect, it } from '@jest/globals';
import { firstContactDueAt } from './first-contact-sla.js';

const weekdays = { weekdays: [1, 2, 3, 4, 5], start: '09:00', end: '21:00' };
const saturday = { weekdays: [6], start: '10:00', end: '14:00' };

describe('firstContactDueAt', () => {
  it.each([
    // [arrived (UTC), minutes, hours, zone, due (UTC)]
    ['2026-03-10T10:00:00Z', 5, [weekdays], 'Europe/Moscow', '2026-03-10T10:05:00Z'], // Tue 13:00 MSK, open
    ['2026-03-10T20:00:00Z', 5, [weekdays], 'Europe/Moscow', '2026-03-11T06:05:00Z'], // Tue 23:00 MSK -> Wed 09:05
    ['2026-03-10T17:58:00Z', 5, [weekdays], 'Europe/Moscow', '2026-03-11T06:03:00Z'], // 20:58: 2 min today, 3 tomorrow
    ['2026-03-13T19:00:00Z', 5, [weekdays, saturday], 'Europe/Moscow', '2026-03-14T07:05:00Z'], // Fri 22:00 -> Sat 10:05
    ['2026-03-14T12:00:00Z', 5, [weekdays], 'Europe/Moscow', '2026-03-16T06:05:00Z'], // Saturday -> Monday
    ['2026-03-10T20:00:00Z', 5, [], 'Europe/Moscow', '2026-03-10T20:05:00Z'], // around the clock
    // Berlin springs forward on 2026-03-29 (Sunday); a lead on Saturday night is due Monday 09:05 CEST = 07:05Z.
    ['2026-03-28T22:00:00Z', 5, [weekdays], 'Europe/Berlin', '2026-03-30T07:05:00Z'],
    ['2026-03-10T05:00:00Z', 5, [weekdays], 'Asia/Yekaterinburg', '2026-03-10T05:05:00Z'], // 10:00 local
    ['2026-03-10T03:00:00Z', 5, [weekdays, { weekdays: [2], start: '07:00', end: '10:00' }], 'Asia/Yekaterinburg', '2026-03-10T03:05:00Z'], // overlapping hours merge
  ])('%s + %i min -> %s', (arrived, minutes, hours, zone, due) => {
    expect(firstContactDueAt(new Date(arrived as string), minutes as number, hours as never, zone as string).toISOString()).toBe(
      new Date(due as string).toISOString(),
    );
  });
});
