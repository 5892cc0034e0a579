import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import { type Presence, type PresenceStatus, presenceQueryOptions } from './get-presence';

export function setPresence(status: PresenceStatus): Promise<Presence> {
  return unwrap(api.PUT('/api/v1/me/presence', { body: { status } }));
}

export function useSetPresence() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setPresence,
    onSuccess: (presence) => queryClient.setQueryData(presenceQueryOptions().queryKey, presence),
  });
}
