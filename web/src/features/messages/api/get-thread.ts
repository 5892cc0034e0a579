import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type Thread = components['schemas']['ThreadView'];
export type Message = components['schemas']['MessageView'];
export type WritableChannel = Thread['channels'][number];

/** Whose thread: a lead's (the person behind it) or a patient's. */
export interface ThreadOwner {
  kind: 'lead' | 'patient';
  id: string;
}

const PAGE = 100;

export function getThread(owner: ThreadOwner): Promise<Thread> {
  const query = { limit: PAGE };
  return owner.kind === 'lead'
    ? unwrap(api.GET('/api/v1/leads/{id}/messages', { params: { path: { id: owner.id }, query } }))
    : unwrap(api.GET('/api/v1/patients/{id}/messages', { params: { path: { id: owner.id }, query } }));
}

export const threadQueryOptions = (owner: ThreadOwner) =>
  queryOptions({ queryKey: ['messages', 'thread', owner.kind, owner.id], queryFn: () => getThread(owner) });

export function useThread(owner: ThreadOwner) {
  return useQuery(threadQueryOptions(owner));
}
