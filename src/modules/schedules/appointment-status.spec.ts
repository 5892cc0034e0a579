import { describe, expect, it } from '@jest/globals';
import { APPOINTMENT_STATUSES, type AppointmentStatus, canChangeStatus, canMove, statusChangeProblem } from './appointment-status.js';

const allowed: Array<[AppointmentStatus, AppointmentStatus]> = [
  ['scheduled', 'confirmed'],
  ['scheduled', 'arrived'],
  ['scheduled', 'cancelled'],
  ['scheduled', 'no_show'],
  ['confirmed', 'arrived'],
  ['confirmed', 'cancelled'],
  ['confirmed', 'no_show'],
  ['arrived', 'completed'],
];

describe('appointment status transitions', () => {
  const everyPair = APPOINTMENT_STATUSES.flatMap((from) => APPOINTMENT_STATUSES.map((to) => [from, to] as [AppointmentStatus, AppointmentStatus]));
  it.each(everyPair)('%s -> %s', (from, to) => {
    expect(canChangeStatus(from, to)).toBe(allowed.some(([f, t]) => f === from && t === to));
  });

  it.each(APPOINTMENT_STATUSES.map((s) => [s, s === 'scheduled' || s === 'confirmed'] as const))('%s can move: %s', (status, movable) => {
    expect(canMove(status)).toBe(movable);
  });
});

describe('appointment status timing', () => {
  // A visit at 10:00 Moscow time (07:00 UTC) on 10 December; arrival opens two hours before.
  const startsAt = new Date('2026-12-10T07:00:00Z');
  const cases: Array<{ status: AppointmentStatus; now: string; ok: boolean }> = [
    { status: 'arrived', now: '2026-12-10T07:30:00Z', ok: true },
    { status: 'arrived', now: '2026-12-10T05:00:00Z', ok: true }, // 08:00, exactly two hours before
    { status: 'arrived', now: '2026-12-10T04:59:00Z', ok: false }, // 07:59
    { status: 'arrived', now: '2026-12-05T07:00:00Z', ok: false }, // days before
    { status: 'arrived', now: '2026-12-11T07:00:00Z', ok: true }, // late, but after the start
    { status: 'completed', now: '2026-12-05T07:00:00Z', ok: false }, // the bug: completed five days early
    { status: 'completed', now: '2026-12-10T06:59:00Z', ok: false },
    { status: 'completed', now: '2026-12-10T07:00:00Z', ok: true },
    { status: 'no_show', now: '2026-12-10T06:00:00Z', ok: false },
    { status: 'no_show', now: '2026-12-10T07:10:00Z', ok: true },
    { status: 'confirmed', now: '2026-12-01T07:00:00Z', ok: true },
    { status: 'cancelled', now: '2026-12-11T07:00:00Z', ok: true },
  ];
  const staff = { kind: 'staff', arrivalLeadMin: 120, zone: 'Europe/Moscow' } as const;
  it.each(cases)('$status at $now: $ok', ({ status, now, ok }) => {
    expect(statusChangeProblem(status === 'completed' ? 'arrived' : 'scheduled', status, startsAt, new Date(now), staff) === null).toBe(ok);
  });

  it('takes a patient’s answer only before the visit starts', () => {
    expect(statusChangeProblem('scheduled', 'cancelled', startsAt, new Date('2026-12-10T06:59:00Z'), { kind: 'patient' })).toBeNull();
    expect(statusChangeProblem('scheduled', 'cancelled', startsAt, new Date('2026-12-10T07:00:00Z'), { kind: 'patient' })).toBe(
      'The visit has already started',
    );
    expect(statusChangeProblem('cancelled', 'confirmed', startsAt, new Date('2026-12-01T07:00:00Z'), { kind: 'patient' })).toBe(
      'A cancelled appointment cannot become confirmed',
    );
  });

  it('keeps arrival to the visit’s local day even within the lead time', () => {
    // A visit at 00:30 Moscow time: 23:45 the evening before is within 120 minutes, but another day.
    const early = new Date('2026-12-09T21:30:00Z');
    expect(statusChangeProblem('scheduled', 'arrived', early, new Date('2026-12-09T20:45:00Z'), staff)).not.toBeNull();
    expect(statusChangeProblem('scheduled', 'arrived', early, new Date('2026-12-09T21:05:00Z'), staff)).toBeNull();
  });
});
