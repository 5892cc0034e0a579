import type { AppointmentStatus } from './appointment-status.js';

/** What real-time clients and in-process listeners learn about an appointment: ids and times, never names or phones. */
export interface AppointmentEvent {
  id: string;
  patientId: string;
  doctorId: string;
  serviceId: string;
  branchId: string;
  leadId: string | null;
  startsAt: string;
  endsAt: string;
  status: AppointmentStatus;
  channel: string;
  bookedBy: string | null;
}

export type AppointmentChange = 'moved' | 'cancelled' | 'status' | 'note';

export interface AppointmentUpdatedEvent extends AppointmentEvent {
  change: AppointmentChange;
  previousStatus: AppointmentStatus;
  previousStartsAt: string;
}
