import { useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components, operations } from '../../../api/schema';

export type AuditEvent = components['schemas']['AuditEventItem'];
export type AuditFilter = NonNullable<operations['AuditController_list']['parameters']['query']>;

/** Who read or changed what, newest first, page by page (admins). */
export function useAuditEvents(filter: AuditFilter) {
  return useInfiniteQuery({
    queryKey: ['audit-events', filter],
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/audit-events', { params: { query: { ...filter, limit: 100, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}
