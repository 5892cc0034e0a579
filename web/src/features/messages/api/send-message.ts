import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';
import { type Message, type ThreadOwner, threadQueryOptions } from './get-thread';
import { putInThreads } from './message-events';

export type SendMessage = components['schemas']['SendMessageDto'];

/** Writes to the person on the card: on a lead (operators on leads they hold) or a patient. */
export function sendMessage(owner: ThreadOwner, body: SendMessage): Promise<Message> {
  return owner.kind === 'lead'
    ? unwrap(api.POST('/api/v1/leads/{id}/messages', { params: { path: { id: owner.id } }, body }))
    : unwrap(api.POST('/api/v1/patients/{id}/messages', { params: { path: { id: owner.id } }, body }));
}

export function useSendMessage(owner: ThreadOwner) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SendMessage) => sendMessage(owner, body),
    onSuccess: (message) => {
      putInThreads(queryClient, message);
      void queryClient.invalidateQueries({ queryKey: threadQueryOptions(owner).queryKey });
    },
  });
}
