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

/**
 * Why the visit cannot take `status` at `now`, or null when it can. What happens at the clinic follows the clock:
 * a patient can be marked arrived from `arrivalLeadMin` minutes before the start on the visit's local day (or any time
 * after the start); a visit is completed, or missed, only once it has started.
 */
export function statusTimingProblem(status: AppointmentStatus, startsAt: Date, now: Date, arrivalLeadMin: number, zone: string): string | null {
  const started = now.getTime() >= startsAt.getTime();
  if (status === 'arrived' && !started) {
    const opensAt = startsAt.getTime() - arrivalLeadMin * MINUTE_MS;
    if (now.getTime() < opensAt || localDayOf(zone, now.getTime()) !== localDayOf(zone, startsAt.getTime())) {
      return `A patient can be marked as arrived from ${arrivalLeadMin} minutes before the start, on the day of the visit`;
    }
  }
  if (status === 'completed' && !started) return 'A visit can be completed only once it has started';
  if (status === 'no_show' && !started) return 'A patient can be marked as not having come only once the appointment has started';
  return null;
}
