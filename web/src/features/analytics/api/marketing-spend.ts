import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { allPages, api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';
import type { Period } from '../../../lib/period';

export type SpendEntry = components['schemas']['MarketingSpendView'];
export type NewSpendEntry = components['schemas']['CreateMarketingSpendDto'];

/** Every spend entry that overlaps the period. */
export function getSpend(period: Period): Promise<SpendEntry[]> {
  return allPages((cursor) => unwrap(api.GET('/api/v1/marketing-spend', { params: { query: { from: period.from, to: period.to, limit: 200, cursor } } })));
}

export function useSpend(period: Period) {
  return useQuery({ queryKey: ['analytics', 'spend', period], queryFn: () => getSpend(period) });
}

/** Spend changes every money figure of the reports: they are read again. */
function useReportsRefresh() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: ['analytics'] });
}

export function useAddSpend() {
  const refresh = useReportsRefresh();
  return useMutation({ mutationFn: (body: NewSpendEntry) => unwrap(api.POST('/api/v1/marketing-spend', { body })), onSuccess: refresh });
}

export function useDeleteSpend() {
  const refresh = useReportsRefresh();
  return useMutation({ mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/marketing-spend/{id}', { params: { path: { id } } })), onSuccess: refresh });
}
