import { queryOptions, useQuery } from '@tanstack/react-query';
import { allPages, api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type Appointment = components['schemas']['AppointmentView'];

/** Every appointment of a branch starting within [from, to) (a local day), with the patient's name. */
export function getDayAppointments(branchId: string, from: string, to: string): Promise<Appointment[]> {
  return allPages((cursor) => unwrap(api.GET('/api/v1/appointments', { params: { query: { branchId, from, to, limit: 200, cursor } } })));
}

export const dayAppointmentsQueryOptions = (branchId: string, from: string, to: string) =>
  queryOptions({ queryKey: ['appointments', 'day', branchId, from, to], queryFn: () => getDayAppointments(branchId, from, to) });

export function useDayAppointments(branchId: string | undefined, from: string | undefined, to: string | undefined) {
  return useQuery({ ...dayAppointmentsQueryOptions(branchId ?? '', from ?? '', to ?? ''), enabled: !!branchId && !!from && !!to });
}
