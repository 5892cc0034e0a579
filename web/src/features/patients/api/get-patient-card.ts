import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type PatientCard = components['schemas']['PatientCardView'];

/** Everything about a person on one screen: their inquiries, calls, appointments and consents. */
export function getPatientCard(id: string): Promise<PatientCard> {
  return unwrap(api.GET('/api/v1/patients/{id}', { params: { path: { id } } }));
}

export const patientCardQueryOptions = (id: string) => queryOptions({ queryKey: ['patients', id, 'card'], queryFn: () => getPatientCard(id) });

export function usePatientCard(id: string | undefined) {
  return useQuery({ ...patientCardQueryOptions(id ?? ''), enabled: !!id });
}
