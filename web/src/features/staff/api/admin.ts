import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type NewStaff = components['schemas']['CreateStaffDto'];
export type StaffChange = components['schemas']['UpdateStaffDto'];

function useRefresh() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: ['staff'] });
}

export function useCreateStaff() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (body: NewStaff) => unwrap(api.POST('/api/v1/staff', { body })), onSuccess: refresh });
}

export function useUpdateStaff() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, ...body }: StaffChange & { id: string }) => unwrap(api.PATCH('/api/v1/staff/{id}', { params: { path: { id } }, body })),
    onSuccess: refresh,
  });
}

/** A lost phone: the person's authenticator and recovery codes go, and their sessions end. */
export function useResetTwoFactor() {
  return useMutation({ mutationFn: (id: string) => unwrap(api.POST('/api/v1/staff/{id}/mfa/reset', { params: { path: { id } } })) });
}

/** A temporary password for a new account: 16 characters from a browser's secure random source. */
export function temporaryPassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  return [...crypto.getRandomValues(new Uint32Array(16))].map((n) => alphabet[n % alphabet.length]).join('');
}
