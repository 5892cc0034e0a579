import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { Message } from './get-thread';
import { putInThreads } from './message-events';

/** Queues a failed or withdrawn message again (the server checks consent, opt-out and quiet hours again). */
export function retryMessage(id: string): Promise<Message> {
  return unwrap(api.POST('/api/v1/messages/{id}/retry', { params: { path: { id } }, body: {} }));
}

export function useRetryMessage() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: retryMessage, onSuccess: (message) => putInThreads(queryClient, message) });
}
