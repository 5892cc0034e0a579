import { describe, expect, it } from '@jest/globals';
import {
  DAY_MS,
  dayFromIsoDate,
  formatOffset,
  isoDateFromDay,
  isoInstant,
  isoWeekday,
  localDayOf,
  localToUtc,
  minutesOfDay,
  offsetChangeBetween,
  offsetMinutes,
  steadyOffset,
} from './zoned-time.js';

const at = (iso: string) => Date.parse(iso);
const local = (isoLocal: string) => Date.parse(`${isoLocal}Z`);

describe('offsetMinutes', () => {
  it.each([
    ['Europe/Moscow', '2027-01-15T12:00:00Z', 180],
    ['Europe/Moscow', '2027-07-15T12:00:00Z', 180],
    ['Europe/Berlin', '2027-01-15T12:00:00Z', 60],
    ['Europe/Berlin', '2027-07-15T12:00:00Z', 120],
    ['Europe/Berlin', '2027-03-28T00:59:00Z', 60],
    ['Europe/Berlin', '2027-03-28T01:00:00Z', 120],
    ['America/New_York', '2027-01-15T12:00:00Z', -300],
    ['America/New_York', '2027-07-15T12:00:00Z', -240],
    ['Asia/Kathmandu', '2027-01-15T12:00:00Z', 345],
    ['UTC', '2027-01-15T12:00:00Z', 0],
  ])('%s at %s is %i', (zone, instant, expected) => {
    expect(offsetMinutes(zone, at(instant))).toBe(expected);
  });
});

describe('localToUtc', () => {
  it.each([
    ['an ordinary Moscow morning', 'Europe/Moscow', '2027-03-28T09:00:00', '2027-03-28T06:00:00.000Z', true],
    ['Berlin, before the spring gap', 'Europe/Berlin', '2027-03-28T01:59:00', '2027-03-28T00:59:00.000Z', true],
    ['Berlin, inside the spring gap (moves later)', 'Europe/Berlin', '2027-03-28T02:30:00', '2027-03-28T01:30:00.000Z', false],
    ['Berlin, after the spring gap', 'Europe/Berlin', '2027-03-28T03:00:00', '2027-03-28T01:00:00.000Z', true],
    ['Berlin, the repeated autumn hour (earlier one)', 'Europe/Berlin', '2027-10-31T02:30:00', '2027-10-31T00:30:00.000Z', true],
    ['Berlin, after the autumn change', 'Europe/Berlin', '2027-10-31T09:00:00', '2027-10-31T08:00:00.000Z', true],
    ['New York, inside the spring gap', 'America/New_York', '2027-03-14T02:30:00', '2027-03-14T07:30:00.000Z', false],
    ['New York, the repeated autumn hour', 'America/New_York', '2027-11-07T01:30:00', '2027-11-07T05:30:00.000Z', true],
    ['New York, a summer morning', 'America/New_York', '2027-07-01T09:00:00', '2027-07-01T13:00:00.000Z', true],
  ])('%s', (_name, zone, wall, expected, exists) => {
    const result = localToUtc(zone, local(wall));
    expect(new Date(result.utcMs).toISOString()).toBe(expected);
    expect(result.exists).toBe(exists);
  });
});

describe('steadyOffset', () => {
  it.each([
    ['Europe/Moscow', '2027-03-28', 180],
    ['Europe/Berlin', '2027-03-28', null],
    ['Europe/Berlin', '2027-03-29', 120],
    ['Europe/Berlin', '2027-10-31', null],
    ['Europe/Berlin', '2027-11-02', 60],
    ['America/New_York', '2027-03-14', null],
    ['America/New_York', '2027-03-16', -240],
  ])('%s on %s -> %s', (zone, date, expected) => {
    expect(steadyOffset(zone, dayFromIsoDate(date))).toBe(expected);
  });
});

describe('calendar helpers', () => {
  it.each([
    ['2027-03-28', 7],
    ['2027-03-29', 1],
    ['2027-01-09', 6],
    ['1970-01-01', 4],
    ['1969-12-29', 1],
  ])('%s is ISO weekday %i', (date, weekday) => {
    expect(isoWeekday(dayFromIsoDate(date))).toBe(weekday);
    expect(isoDateFromDay(dayFromIsoDate(date))).toBe(date);
  });

  it.each([
    ['Europe/Moscow', '2027-03-27T21:00:00Z', '2027-03-28'],
    ['Europe/Moscow', '2027-03-27T20:59:00Z', '2027-03-27'],
    ['America/New_York', '2027-03-15T03:00:00Z', '2027-03-14'],
  ])('in %s, %s falls on %s', (zone, instant, date) => {
    expect(isoDateFromDay(localDayOf(zone, at(instant)))).toBe(date);
  });

  it.each([
    ['09:30', 570],
    ['09:30:00', 570],
    ['24:00', 1440],
    ['00:00', 0],
  ])('%s is minute %i of the day', (time, minutes) => {
    expect(minutesOfDay(time)).toBe(minutes);
  });

  it.each([
    [180, '+03:00'],
    [-240, '-04:00'],
    [345, '+05:45'],
    [0, '+00:00'],
    [-570, '-09:30'],
  ])('offset %i prints as %s', (minutes, text) => {
    expect(formatOffset(minutes)).toBe(text);
  });

  it.each([
    '2027-03-01T06:00:00.000Z',
    '2027-03-01T06:30:00.000Z',
    '2027-03-01T23:59:59.999Z',
    '2027-03-02T00:00:00.000Z',
    '2028-02-29T12:34:56.007Z',
    '2027-12-31T18:05:09.050Z',
    '1970-01-01T00:00:00.000Z',
    '1969-12-31T23:59:59.999Z',
    '9999-12-31T23:59:59.999Z',
  ])('%s prints as Date#toISOString does', (iso) => {
    expect(isoInstant(Date.parse(iso))).toBe(iso);
  });

  it('prints any instant, in any order, as Date#toISOString does', () => {
    const instants = [
      Date.UTC(10000, 0, 1),
      1.5,
      ...Array.from({ length: 500 }, (_, i) => Date.UTC(2027, 0, 1) + ((i * 7_919_993_017) % (400 * DAY_MS)) - 30 * DAY_MS),
      // Whole minutes, as slots are: every minute of a day, and days apart.
      ...Array.from({ length: 1440 * 2 }, (_, i) => Date.UTC(2026, 2, 29) + i * 60_000 + (i % 7) * 37 * DAY_MS),
    ];
    expect(instants.map(isoInstant)).toEqual(instants.map((ms) => new Date(ms).toISOString()));
  });

  it('finds the instant the offset changes, to the minute', () => {
    expect(new Date(offsetChangeBetween('Europe/Berlin', at('2027-03-27T22:00:00Z'), at('2027-03-28T05:00:00Z'))!).toISOString()).toBe(
      '2027-03-28T01:00:00.000Z',
    );
    expect(offsetChangeBetween('Europe/Moscow', at('2027-03-27T22:00:00Z'), at('2027-03-28T05:00:00Z'))).toBeNull();
  });
});
