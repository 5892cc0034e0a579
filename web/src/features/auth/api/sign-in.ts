import { useMutation } from '@tanstack/react-query';
import { session, type SignInResult } from '../../../api/session';

export function signIn(credentials: { email: string; password: string }): Promise<SignInResult> {
  return session.signIn(credentials.email, credentials.password);
}

export function useSignIn() {
  return useMutation({ mutationFn: signIn });
}

export function useSecondStep() {
  return useMutation({ mutationFn: ({ mfaToken, code }: { mfaToken: string; code: string }) => session.completeSecondStep(mfaToken, code) });
}

export function useSignInEnrolment() {
  return {
    start: useMutation({ mutationFn: (mfaToken: string) => session.startEnrolment(mfaToken) }),
    confirm: useMutation({ mutationFn: ({ mfaToken, code }: { mfaToken: string; code: string }) => session.confirmEnrolment(mfaToken, code) }),
  };
}
