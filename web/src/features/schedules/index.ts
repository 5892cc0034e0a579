export { BookingPicker, type BookingPickerProps } from './components/booking-picker';
export { ReceptionPage } from './components/reception-page';
export { applyAppointmentEvent } from './api/appointment-events';
export type { Appointment } from './api/get-day-appointments';
/** Doctors' weekly hours and exceptions (settings) load when first opened. */
export const loadSchedulesAdminPage = () => import('./components/schedules-admin-page').then((m) => m.SchedulesAdminPage);
