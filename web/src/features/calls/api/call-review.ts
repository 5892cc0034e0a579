import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import { isApiError } from '../../../api/errors';
import type { components } from '../../../api/schema';

export type CallReview = components['schemas']['CallReviewView'];

/** The review of a call, or null while nobody has reviewed it. */
export function useCallReview(callId: string | null) {
  return useQuery({
    queryKey: ['call-review', callId],
    queryFn: async () => {
      try {
        return await unwrap(api.GET('/api/v1/calls/{id}/review', { params: { path: { id: callId! } } }));
      } catch (error) {
        if (isApiError(error, 'NOT_FOUND')) return null;
        throw error;
      }
    },
    enabled: !!callId,
  });
}

export function useReviewCall() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ callId, met, comment }: { callId: string; met: boolean[]; comment?: string }) =>
      unwrap(api.PUT('/api/v1/calls/{id}/review', { params: { path: { id: callId } }, body: { met, ...(comment ? { comment } : {}) } })),
    onSuccess: (review) => {
      queryClient.setQueryData(['call-review', review.callId], review);
      void queryClient.invalidateQueries({ queryKey: ['calls'] });
      void queryClient.invalidateQueries({ queryKey: ['analytics', 'operators'] });
    },
  });
}
