import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type WorkQueue = components['schemas']['WorkQueue'];
export type QueueItem = components['schemas']['QueueItem'];
export type QueueLead = components['schemas']['QueueLead'];

/** The operator's desk: own leads, due callbacks and leads to claim, most urgent first (the server's order). */
export function getWorkQueue(): Promise<WorkQueue> {
  return unwrap(api.GET('/api/v1/me/queue', { params: { query: { limit: 200 } } }));
}

export const workQueueQueryOptions = () => queryOptions({ queryKey: ['queue'], queryFn: getWorkQueue });

export function useWorkQueue() {
  return useQuery(workQueueQueryOptions());
}
