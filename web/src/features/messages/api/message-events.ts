import type { QueryClient } from '@tanstack/react-query';
import type { RealtimeMessage } from '../../../api/realtime';
import type { Message, Thread } from './get-thread';

interface MessageEvent {
  messageId: string;
  patientId: string | null;
  leadId: string | null;
  status: Message['status'];
  failureReason: string | null;
}

const THREADS = ['messages', 'thread'] as const;

/** Whether a cached thread is this person's (a lead's thread is the whole thread of the person behind it). */
function belongs(key: readonly unknown[], thread: Thread | undefined, event: { patientId: string | null; leadId: string | null }): boolean {
  if (key[2] === 'lead' && key[3] === event.leadId) return true;
  if (key[2] === 'patient' && key[3] === event.patientId) return true;
  return !!thread && !!event.patientId && thread.patientId === event.patientId;
}

/** A message the screen just wrote or retried shows at once in every open thread of the person (newest first). */
export function putInThreads(queryClient: QueryClient, message: Message): void {
  for (const [key, thread] of queryClient.getQueriesData<Thread>({ queryKey: THREADS })) {
    if (!thread || !belongs(key, thread, message)) continue;
    const rest = thread.data.filter((m) => m.id !== message.id);
    const data = thread.data.some((m) => m.id === message.id) ? thread.data.map((m) => (m.id === message.id ? message : m)) : [message, ...rest];
    queryClient.setQueryData<Thread>(key, { ...thread, data });
  }
}

/**
 * `message.status` changes the message's status in the open threads at once; `message.received` (a person wrote) and
 * any message not on screen yet reload the person's threads, so the server's view wins.
 */
export function applyMessageEvent(queryClient: QueryClient, message: RealtimeMessage): void {
  if (message.type !== 'message.received' && message.type !== 'message.status') return;
  const event = message.data as unknown as MessageEvent;
  for (const [key, thread] of queryClient.getQueriesData<Thread>({ queryKey: THREADS })) {
    if (!belongs(key, thread, event)) continue;
    const known = thread?.data.some((m) => m.id === event.messageId);
    if (thread && known && message.type === 'message.status') {
      queryClient.setQueryData<Thread>(key, {
        ...thread,
        data: thread.data.map((m) => (m.id === event.messageId ? { ...m, status: event.status, failureReason: event.failureReason } : m)),
      });
    }
    void queryClient.invalidateQueries({ queryKey: key, exact: true });
  }
}
