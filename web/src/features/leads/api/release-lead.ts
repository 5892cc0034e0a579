import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import { leadQueryOptions, type Lead } from './get-lead';
import { workQueueQueryOptions } from './get-work-queue';

export function releaseLead(id: string): Promise<Lead> {
  return unwrap(api.POST('/api/v1/leads/{id}/release', { params: { path: { id } } }));
}

export function useReleaseLead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: releaseLead,
    onSuccess: (lead) => queryClient.setQueryData(leadQueryOptions(lead.id).queryKey, lead),
    onSettled: () => queryClient.invalidateQueries({ queryKey: workQueueQueryOptions().queryKey }),
  });
}
