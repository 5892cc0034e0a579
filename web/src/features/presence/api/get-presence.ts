import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type Presence = components['schemas']['PresenceView'];
export type PresenceStatus = Presence['status'];

export function getPresence(): Promise<Presence> {
  return unwrap(api.GET('/api/v1/me/presence'));
}

export const presenceQueryOptions = () => queryOptions({ queryKey: ['presence'], queryFn: getPresence });

export function usePresence() {
  return useQuery(presenceQueryOptions());
}
