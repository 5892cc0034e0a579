import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type Service = components['schemas']['ServiceView'];

export async function getServices(): Promise<Service[]> {
  return (await unwrap(api.GET('/api/v1/services'))).data.filter((s) => s.active);
}

export const servicesQueryOptions = () => queryOptions({ queryKey: ['catalog', 'services'], queryFn: getServices, staleTime: 5 * 60_000 });

export function useServices() {
  return useQuery(servicesQueryOptions());
}
