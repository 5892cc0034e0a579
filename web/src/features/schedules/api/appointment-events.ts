import type { QueryClient } from '@tanstack/react-query';
import type { RealtimeMessage } from '../../../api/realtime';

/** Someone booked, moved or changed an appointment: the grids, free times and the patient's record reload. */
export function applyAppointmentEvent(queryClient: QueryClient, message: RealtimeMessage): void {
  if (message.type !== 'appointment.created' && message.type !== 'appointment.updated') return;
  const data = message.data as RealtimeMessage<'appointment.created'>['data'];
  void queryClient.invalidateQueries({ queryKey: ['appointments'] });
  void queryClient.invalidateQueries({ queryKey: ['availability'] });
  void queryClient.invalidateQueries({ queryKey: ['patients', data.patientId] });
}
