import type { QueryClient } from '@tanstack/react-query';
import type { RealtimeMessage } from '../../../api/realtime';
import { presenceQueryOptions } from './get-presence';

/** My status changed in another tab (or by the server): show it here too. */
export function applyPresenceEvent(queryClient: QueryClient, message: RealtimeMessage, myId: string): void {
  if (message.type !== 'presence.changed') return;
  const data = message.data as RealtimeMessage<'presence.changed'>['data'];
  if (data.userId !== myId) return;
  queryClient.setQueryData(presenceQueryOptions().queryKey, { status: data.status, changedAt: data.changedAt });
}
