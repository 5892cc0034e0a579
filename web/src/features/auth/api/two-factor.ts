import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';

/** Whether my two-factor sign-in is on, required, and how many recovery codes are left. */
export function useTwoFactorStatus() {
  return useQuery({ queryKey: ['auth', 'mfa'], queryFn: () => unwrap(api.GET('/api/v1/auth/mfa')) });
}

/** Turning it on while signed in: a new secret (QR code), then the first code confirms it and gives the recovery codes. */
export function useTwoFactorEnrolment() {
  const queryClient = useQueryClient();
  return {
    start: useMutation({ mutationFn: () => unwrap(api.POST('/api/v1/auth/mfa/enrolment', { body: {} })) }),
    confirm: useMutation({
      mutationFn: (code: string) => unwrap(api.POST('/api/v1/auth/mfa/enrolment/confirm', { body: { code } })),
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['auth', 'mfa'] }),
    }),
  };
}
