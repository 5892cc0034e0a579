import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type BranchMessaging = components['schemas']['BranchMessagingView'];
export type BranchMessagingChange = components['schemas']['UpdateBranchMessagingDto'];

/** A branch's messaging: the clinic's name, language, confirmations, reminder offsets, quiet hours, feedback. */
export function getBranchMessaging(branchId: string): Promise<BranchMessaging> {
  return unwrap(api.GET('/api/v1/branches/{id}/messaging', { params: { path: { id: branchId } } }));
}

export const branchMessagingQueryOptions = (branchId: string) =>
  queryOptions({ queryKey: ['branch-messaging', branchId], queryFn: () => getBranchMessaging(branchId) });

export function useBranchMessaging(branchId: string | null) {
  return useQuery({ ...branchMessagingQueryOptions(branchId ?? ''), enabled: !!branchId });
}

export function updateBranchMessaging(branchId: string, body: BranchMessagingChange): Promise<BranchMessaging> {
  return unwrap(api.PUT('/api/v1/branches/{id}/messaging', { params: { path: { id: branchId } }, body }));
}

export function useUpdateBranchMessaging(branchId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BranchMessagingChange) => updateBranchMessaging(branchId, body),
    onSuccess: (saved) => queryClient.setQueryData(branchMessagingQueryOptions(branchId).queryKey, saved),
  });
}
