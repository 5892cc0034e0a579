import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type Lead = components['schemas']['LeadView'];

export function getLead(id: string): Promise<Lead> {
  return unwrap(api.GET('/api/v1/leads/{id}', { params: { path: { id } } }));
}

export const leadQueryOptions = (id: string) => queryOptions({ queryKey: ['leads', id], queryFn: () => getLead(id) });

export function useLead(id: string) {
  return useQuery(leadQueryOptions(id));
}
