import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type Callback = components['schemas']['CallbackView'];
export type CallbackFilter = 'open' | 'overdue' | 'upcoming' | 'done';

/** My promised calls (managers: everyone's), soonest first. */
export async function getCallbacks(due: CallbackFilter): Promise<Callback[]> {
  return (await unwrap(api.GET('/api/v1/callbacks', { params: { query: { due, limit: 200 } } }))).data;
}

export const callbacksQueryOptions = (due: CallbackFilter) => queryOptions({ queryKey: ['callbacks', due], queryFn: () => getCallbacks(due) });

export function useCallbacks(due: CallbackFilter) {
  return useQuery(callbacksQueryOptions(due));
}
