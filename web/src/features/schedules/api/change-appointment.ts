import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

type Move = components['schemas']['MoveAppointmentDto'];
type Status = components['schemas']['ChangeStatusDto']['status'];

export function moveAppointment(id: string, body: Move) {
  return unwrap(api.PATCH('/api/v1/appointments/{id}', { params: { path: { id } }, body }));
}

export function cancelAppointment(id: string, reason: string) {
  return unwrap(api.POST('/api/v1/appointments/{id}/cancel', { params: { path: { id } }, body: { reason } }));
}

export function setAppointmentStatus(id: string, status: Status) {
  return unwrap(api.POST('/api/v1/appointments/{id}/status', { params: { path: { id } }, body: { status } }));
}

function useAppointmentMutation<V>(mutationFn: (variables: V) => ReturnType<typeof moveAppointment>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: (appointment) => {
      void queryClient.invalidateQueries({ queryKey: ['appointments'] });
      void queryClient.invalidateQueries({ queryKey: ['availability'] });
      if (appointment) void queryClient.invalidateQueries({ queryKey: ['patients', appointment.patientId] });
    },
  });
}

export const useMoveAppointment = () => useAppointmentMutation(({ id, ...body }: Move & { id: string }) => moveAppointment(id, body));
export const useCancelAppointment = () => useAppointmentMutation(({ id, reason }: { id: string; reason: string }) => cancelAppointment(id, reason));
export const useSetAppointmentStatus = () => useAppointmentMutation(({ id, status }: { id: string; status: Status }) => setAppointmentStatus(id, status));
