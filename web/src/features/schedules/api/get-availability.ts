import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type Slot = components['schemas']['SlotView'];

export interface AvailabilityFilter {
  serviceId: string;
  doctorId?: string;
  branchId?: string;
  from: string;
  to: string;
}

/** Free slots for a service across doctors (the fast availability read), sorted by time. */
export async function getAvailability(filter: AvailabilityFilter): Promise<Slot[]> {
  const query = Object.fromEntries(Object.entries(filter).filter(([, v]) => v)) as unknown as AvailabilityFilter;
  return (await unwrap(api.GET('/api/v1/availability', { params: { query } }))).data;
}

export const availabilityQueryOptions = (filter: AvailabilityFilter) =>
  queryOptions({ queryKey: ['availability', filter], queryFn: () => getAvailability(filter), placeholderData: keepPreviousData });

export function useAvailability(filter: AvailabilityFilter | null) {
  return useQuery({ ...availabilityQueryOptions(filter ?? { serviceId: '', from: '', to: '' }), enabled: !!filter });
}
