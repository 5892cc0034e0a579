import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { Appointment } from './get-day-appointments';

/** A patient's appointments from today on, soonest first. */
export async function getPatientAppointments(patientId: string, from: string): Promise<Appointment[]> {
  return (await unwrap(api.GET('/api/v1/appointments', { params: { query: { patientId, from, limit: 50 } } }))).data;
}

export const patientAppointmentsQueryOptions = (patientId: string, from: string) =>
  queryOptions({ queryKey: ['appointments', 'patient', patientId, from], queryFn: () => getPatientAppointments(patientId, from) });

export function usePatientAppointments(patientId: string | undefined, from: string) {
  return useQuery({ ...patientAppointmentsQueryOptions(patientId ?? '', from), enabled: !!patientId });
}
