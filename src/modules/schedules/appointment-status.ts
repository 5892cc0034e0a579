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
