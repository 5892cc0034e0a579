import { localDayOf, MINUTE_MS } from '../../common/time/zoned-time.js';

/** The appointment lifecycle: scheduled -> confirmed -> arrived -> completed, or cancelled / no_show. */
export const APPOINTMENT_STATUSES = ['scheduled', 'confirmed', 'arrived', 'completed', 'cancelled', 'no_show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** Statuses that hold the doctor's time; the exclusion constraint in the database uses the same list. */
export const HOLDS_TIME: readonly AppointmentStatus[] = ['scheduled', 'confirmed', 'arrived', 'completed'];

const NEXT: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  // A patient may walk in without confirming first.
  scheduled: ['confirmed', 'arrived', 'cancelled', 'no_show'],
  confirmed: ['arrived', 'cancelled', 'no_show'],
  arrived: ['completed'],
  completed: [],
  cancelled: [],
  no_show: [],
};

export function canChangeStatus(from: AppointmentStatus, to: AppointmentStatus): boolean {
  return NEXT[from].includes(to);
}

/** Only appointments that have not happened yet can move to another time, doctor or service. */
export function canMove(status: AppointmentStatus): boolean {
  return status === 'scheduled' || status === 'confirmed';
}

/** Who changes the status: staff follow the clinic's clock; a patient answers a message (confirm or cancel). */
export type StatusChanger = { kind: 'staff'; arrivalLeadMin: number; zone: string } | { kind: 'patient' };

/**
 * The one check of an appointment's status change: why it cannot go from `from` to `to` at `now`, or null when it can.
 * What happens at the clinic follows the clock: a patient can be marked arrived from `arrivalLeadMin` minutes before
 * the start on the visit's local day (or any time after the start); a visit is completed, or missed, only once it has
 * started. A patient's own answer counts only before the visit starts.
 */
export function statusChangeProblem(from: AppointmentStatus, to: AppointmentStatus, startsAt: Date, now: Date, by: StatusChanger): string | null {
  if (!canChangeStatus(from, to)) return `A ${from} appointment cannot become ${to}`;
  const started = now.getTime() >= startsAt.getTime();
  if (by.kind === 'patient') return started ? 'The visit has already started' : null;
  if (to === 'arrived' && !started) {
    const opensAt = startsAt.getTime() - by.arrivalLeadMin * MINUTE_MS;
    if (now.getTime() < opensAt || localDayOf(by.zone, now.getTime()) !== localDayOf(by.zone, startsAt.getTime())) {
      return `A patient can be marked as arrived from ${by.arrivalLeadMin} minutes before the start, on the day of the visit`;
    }
  }
  if (to === 'completed' && !started) return 'A visit can be completed only once it has started';
  if (to === 'no_show' && !started) return 'A patient can be marked as not having come only once the appointment has started';
  return null;
}
