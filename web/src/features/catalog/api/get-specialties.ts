import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type Specialty = components['schemas']['SpecialtyView'];

export async function getSpecialties(): Promise<Specialty[]> {
  return (await unwrap(api.GET('/api/v1/specialties'))).data;
}

export const specialtiesQueryOptions = () => queryOptions({ queryKey: ['catalog', 'specialties'], queryFn: getSpecialties, staleTime: 5 * 60_000 });

export function useSpecialties() {
  return useQuery(specialtiesQueryOptions());
}
