import { useMutation } from '@tanstack/react-query';
import { session, type SignInResult } from '../../../api/session';

export function signIn(credentials: { email: string; password: string }): Promise<SignInResult> {
  return session.signIn(credentials.email, credentials.password);
}

export function useSignIn() {
  return useMutation({ mutationFn: signIn });
}
