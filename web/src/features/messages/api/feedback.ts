import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type Feedback = components['schemas']['FeedbackView'];

export interface FeedbackFilter {
  followUp?: 'open' | 'done';
  doctorId?: string;
}

/** Ratings of visits, newest first; `followUp: 'open'` the low ones still waiting for a manager. */
export function getFeedback(filter: FeedbackFilter, cursor?: string) {
  return unwrap(api.GET('/api/v1/feedback', { params: { query: { limit: 50, ...filter, ...(cursor ? { cursor } : {}) } } }));
}

export const feedbackQueryOptions = (filter: FeedbackFilter) =>
  infiniteQueryOptions({
    queryKey: ['feedback', filter],
    queryFn: ({ pageParam }) => getFeedback(filter, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

export function useFeedback(filter: FeedbackFilter) {
  return useInfiniteQuery(feedbackQueryOptions(filter));
}

export function useFollowUp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, note }: { id: string; note: string }) =>
      unwrap(api.POST('/api/v1/feedback/{id}/follow-up', { params: { path: { id } }, body: note ? { note } : {} })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['feedback'] }),
  });
}
