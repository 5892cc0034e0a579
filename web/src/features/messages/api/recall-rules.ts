import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type RecallRule = components['schemas']['RecallRuleView'];

export function getRecallRules(): Promise<RecallRule[]> {
  return unwrap(api.GET('/api/v1/recall-rules')).then((r) => r.data);
}

export const recallRulesQueryOptions = () => queryOptions({ queryKey: ['recall-rules'], queryFn: getRecallRules });

export function useRecallRules() {
  return useQuery(recallRulesQueryOptions());
}

/** When patients of a service are due back, and how long to wait for them before the operators call. */
export function useSaveRecallRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ serviceId, ...body }: { serviceId: string; intervalDays: number; followUpDays: number }) =>
      unwrap(api.PUT('/api/v1/recall-rules/{serviceId}', { params: { path: { serviceId } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: recallRulesQueryOptions().queryKey }),
  });
}

export function useDeleteRecallRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (serviceId: string) => unwrap(api.DELETE('/api/v1/recall-rules/{serviceId}', { params: { path: { serviceId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: recallRulesQueryOptions().queryKey }),
  });
}
