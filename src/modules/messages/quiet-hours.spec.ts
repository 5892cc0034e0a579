import { describe, expect, it } from '@jest/globals';
import { isQuiet, nextAllowed, previousAllowed, reminderIdealAt, reminderSendAt } from './quiet-hours.js';

const NIGHT = { start: '21:00', end: '09:00' };
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('quiet hours', () => {
  it.each([
    ['2027-03-01T17:59:00Z', 'Europe/Moscow', false], // 20:59 local
    ['2027-03-01T18:00:00Z', 'Europe/Moscow', true], // 21:00
    ['2027-03-01T23:00:00Z', 'Europe/Moscow', true], // 02:00
    ['2027-03-02T05:59:00Z', 'Europe/Moscow', true], // 08:59
    ['2027-03-02T06:00:00Z', 'Europe/Moscow', false], // 09:00
    ['2027-03-02T04:00:00Z', 'Asia/Yekaterinburg', false], // 09:00 at UTC+5
  ])('%s in %s is quiet: %s', (instant, zone, quiet) => {
    expect(isQuiet(zone, at(instant), NIGHT)).toBe(quiet);
  });

  it('has none when start and end are the same', () => {
    expect(isQuiet('Europe/Moscow', at('2027-03-01T23:00:00Z'), { start: '00:00', end: '00:00' })).toBe(false);
  });

  it('ends at the next morning from the evening, and the same morning after midnight', () => {
    expect(iso(nextAllowed('Europe/Moscow', at('2027-03-01T19:00:00Z'), NIGHT))).toBe('2027-03-02T06:00:00.000Z');
    expect(iso(nextAllowed('Europe/Moscow', at('2027-03-02T01:00:00Z'), NIGHT))).toBe('2027-03-02T06:00:00.000Z');
    expect(iso(previousAllowed('Europe/Moscow', at('2027-03-02T01:00:00Z'), NIGHT))).toBe('2027-03-01T17:59:00.000Z');
  });

  it('reads the hours on the local calendar across a daylight-saving change', () => {
    // Europe/Berlin moves from UTC+1 to UTC+2 on 2027-03-28: 09:00 is 08:00Z the day before and 07:00Z that day.
    expect(iso(nextAllowed('Europe/Berlin', at('2027-03-27T22:00:00Z'), NIGHT))).toBe('2027-03-28T07:00:00.000Z');
    expect(iso(nextAllowed('Europe/Berlin', at('2027-03-27T02:00:00Z'), NIGHT))).toBe('2027-03-27T08:00:00.000Z');
  });
});

describe('reminder times', () => {
  it('counts whole days on the local calendar and the rest as elapsed time', () => {
    // A visit at 10:00 Berlin summer time (08:00Z) the day the clocks went forward: the day before at 10:00 is 09:00Z.
    expect(iso(reminderIdealAt(at('2027-03-28T08:00:00Z'), 1440, 'Europe/Berlin'))).toBe('2027-03-27T09:00:00.000Z');
    expect(iso(reminderIdealAt(at('2027-03-28T08:00:00Z'), 120, 'Europe/Berlin'))).toBe('2027-03-28T06:00:00.000Z');
    expect(iso(reminderIdealAt(at('2027-03-28T08:00:00Z'), 1440 + 60, 'Europe/Berlin'))).toBe('2027-03-27T08:00:00.000Z');
  });

  const now = at('2027-02-01T00:00:00Z');
  it.each([
    // visit (Moscow), offset, expected send time
    ['2027-03-02T11:00:00Z', 1440, '2027-03-01T11:00:00.000Z'], // 14:00 the day before
    ['2027-03-02T09:00:00Z', 120, '2027-03-02T07:00:00.000Z'], // 12:00 -> 10:00
    ['2027-03-02T07:00:00Z', 120, '2027-03-02T06:00:00.000Z'], // 10:00 visit: 08:00 is quiet, 09:00 is an hour before
    ['2027-03-02T06:15:00Z', 120, '2027-03-01T17:59:00.000Z'], // 09:15 visit: 09:00 is too late, so 20:59 the evening before
    ['2027-03-02T06:15:00Z', 1440, '2027-03-01T06:15:00.000Z'],
  ])('a visit at %s, %i minutes ahead, goes at %s', (visit, offset, expected) => {
    expect(iso(reminderSendAt(at(visit), offset, 'Europe/Moscow', NIGHT, now))).toBe(expected);
  });

  it('skips a reminder whose time has passed (a late booking)', () => {
    expect(reminderSendAt(at('2027-03-02T11:00:00Z'), 1440, 'Europe/Moscow', NIGHT, at('2027-03-01T12:00:00Z'))).toBeNull();
  });
});
