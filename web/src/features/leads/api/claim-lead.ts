import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import { isApiError } from '../../../api/errors';
import { leadQueryOptions, type Lead } from './get-lead';
import { workQueueQueryOptions } from './get-work-queue';

export function claimLead(id: string): Promise<Lead> {
  return unwrap(api.POST('/api/v1/leads/{id}/claim', { params: { path: { id } } }));
}

/** One click: the lead becomes mine; if another operator was first, it leaves my queue (the caller says so). */
export function useClaimLead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: claimLead,
    onSuccess: (lead) => {
      queryClient.setQueryData(leadQueryOptions(lead.id).queryKey, lead);
      queryClient.setQueryData(
        workQueueQueryOptions().queryKey,
        (queue) =>
          queue && {
            data: queue.data.map((item) =>
              item.kind === 'lead' && item.lead.id === lead.id
                ? { ...item, reason: 'claimed' as const, lead: { ...item.lead, status: lead.status, assignedOperatorId: lead.assignedOperatorId } }
                : item,
            ),
          },
      );
    },
    onError: (error, id) => {
      if (!isApiError(error, 'LEAD_ALREADY_CLAIMED') && !isApiError(error, 'NOT_FOUND')) return;
      queryClient.setQueryData(
        workQueueQueryOptions().queryKey,
        (queue) =>
          queue && {
            data: queue.data.filter((item) => !(item.kind === 'lead' && item.lead.id === id)),
          },
      );
    },
    onSettled: (_lead, _error, id) => {
      void queryClient.invalidateQueries({ queryKey: workQueueQueryOptions().queryKey });
      void queryClient.invalidateQueries({ queryKey: leadQueryOptions(id).queryKey });
    },
  });
}
