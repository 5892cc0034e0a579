import { useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components, operations } from '../../../api/schema';

export type DrillDownFilter = NonNullable<operations['LeadsController_list']['parameters']['query']>;
export type DrillDownLead = components['schemas']['LeadView'];

const PAGE = 50;

export function getLeadsPage(filter: DrillDownFilter, cursor?: string) {
  return unwrap(api.GET('/api/v1/leads', { params: { query: { ...filter, limit: PAGE, cursor } } }));
}

/** The leads behind a report cell, page by page (the list applies the access policy, as the report does). */
export function useDrillDown(filter: DrillDownFilter | null) {
  return useInfiniteQuery({
    queryKey: ['analytics', 'drill-down', filter],
    queryFn: ({ pageParam }) => getLeadsPage(filter!, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: !!filter,
  });
}
