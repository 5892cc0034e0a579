import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type WorkingHours = components['schemas']['WorkingHoursDto'];
export type ScheduleException = components['schemas']['ScheduleExceptionView'];
export type NewException = components['schemas']['CreateScheduleExceptionDto'];

export function useWorkingHours(doctorId: string | null) {
  return useQuery({
    queryKey: ['schedule', doctorId, 'hours'],
    queryFn: async () => (await unwrap(api.GET('/api/v1/doctors/{id}/working-hours', { params: { path: { id: doctorId! } } }))).data,
    enabled: !!doctorId,
  });
}

export function useExceptions(doctorId: string | null, from: string) {
  return useQuery({
    queryKey: ['schedule', doctorId, 'exceptions', from],
    queryFn: async () => (await unwrap(api.GET('/api/v1/doctors/{id}/schedule-exceptions', { params: { path: { id: doctorId! }, query: { from } } }))).data,
    enabled: !!doctorId,
  });
}

/** Hours and exceptions change free time everywhere: availability and the reception's day are read again. */
function useScheduleRefresh(doctorId: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: ['schedule', doctorId] });
    void queryClient.invalidateQueries({ queryKey: ['availability'] });
    void queryClient.invalidateQueries({ queryKey: ['working-time'] });
  };
}

export function useReplaceWorkingHours(doctorId: string) {
  const refresh = useScheduleRefresh(doctorId);
  return useMutation({
    mutationFn: (hours: WorkingHours[]) => unwrap(api.PUT('/api/v1/doctors/{id}/working-hours', { params: { path: { id: doctorId } }, body: hours })),
    onSuccess: refresh,
  });
}

export function useAddException(doctorId: string) {
  const refresh = useScheduleRefresh(doctorId);
  return useMutation({
    mutationFn: (body: NewException) => unwrap(api.POST('/api/v1/doctors/{id}/schedule-exceptions', { params: { path: { id: doctorId } }, body })),
    onSuccess: refresh,
  });
}

export function useRemoveException(doctorId: string) {
  const refresh = useScheduleRefresh(doctorId);
  return useMutation({
    mutationFn: (exceptionId: string) =>
      unwrap(api.DELETE('/api/v1/doctors/{id}/schedule-exceptions/{exceptionId}', { params: { path: { id: doctorId, exceptionId } } })),
    onSuccess: refresh,
  });
}
