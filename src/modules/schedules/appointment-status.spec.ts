import { describe, expect, it } from '@jest/globals';
import { APPOINTMENT_STATUSES, type AppointmentStatus, canChangeStatus, canMove } from './appointment-status.js';

const allowed: Array<[AppointmentStatus, AppointmentStatus]> = [
  ['scheduled', 'confirmed'], ['scheduled', 'arrived'], ['scheduled', 'cancelled'], ['scheduled', 'no_show'],
  ['confirmed', 'arrived'], ['confirmed', 'cancelled'], ['confirmed', 'no_show'],
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
