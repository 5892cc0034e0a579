import { useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type Call = components['schemas']['CallView'];

/** An operator's calls (`me` for one's own) that started between two instants, newest first, page by page. */
export function useOperatorCalls(operator: string | null, from: string, to: string) {
  return useInfiniteQuery({
    queryKey: ['calls', operator, from, to],
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/calls', { params: { query: { operator: operator!, from, to, limit: 100, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: !!operator,
  });
}
