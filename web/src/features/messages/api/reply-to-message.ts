import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { Message } from './get-thread';
import { putInThreads } from './message-events';

/** Answers a message where it came from: a VK comment under that comment (wall.createComment and the like). */
export function replyToMessage(id: string, text: string): Promise<Message> {
  return unwrap(api.POST('/api/v1/messages/{id}/reply', { params: { path: { id } }, body: { text } }));
}

export function useReplyToMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, text }: { id: string; text: string }) => replyToMessage(id, text),
    onSuccess: (message) => putInThreads(queryClient, message),
  });
}
