export { BookingPicker, type BookingPickerProps } from './components/booking-picker';
export { ReceptionPage } from './components/reception-page';
export { applyAppointmentEvent } from './api/appointment-events';
export type { Appointment } from './api/get-day-appointments';
