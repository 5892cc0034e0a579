import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type NewAppointment = components['schemas']['CreateAppointmentDto'];

/** Books a time; the database refuses a double booking (409 SLOT_TAKEN), which the form shows with the next free times. */
export function bookAppointment(body: NewAppointment) {
  return unwrap(api.POST('/api/v1/appointments', { body }));
}

export function useBookAppointment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: bookAppointment,
    onSettled: (appointment) => {
      void queryClient.invalidateQueries({ queryKey: ['appointments'] });
      void queryClient.invalidateQueries({ queryKey: ['availability'] });
      if (appointment) void queryClient.invalidateQueries({ queryKey: ['patients', appointment.patientId] });
    },
  });
}
