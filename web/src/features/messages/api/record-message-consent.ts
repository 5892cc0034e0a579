import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';

/** Consent the person gave in the conversation, with their message as the evidence. */
export function recordMessageConsent(messageId: string, documentId: string) {
  return unwrap(api.POST('/api/v1/messages/{id}/consent', { params: { path: { id: messageId } }, body: { documentId } }));
}

export function useRecordMessageConsent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ messageId, documentId }: { messageId: string; documentId: string }) => recordMessageConsent(messageId, documentId),
    // The consent status shows on the lead and patient cards.
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['leads'] }), queryClient.invalidateQueries({ queryKey: ['patients'] })]),
  });
}
