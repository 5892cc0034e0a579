import { useSyncExternalStore } from 'react';
import { type SessionState, session } from '../../../api/session';

/** The signed-in staff member (or why nobody is), re-rendering when it changes. */
export function useSession(): SessionState {
  return useSyncExternalStore(session.subscribe, () => session.current);
}

/** The signed-in staff member; only for screens behind sign-in. */
export function useUser() {
  const state = useSession();
  if (state.status !== 'signed-in') throw new Error('useUser outside a signed-in screen');
  return state.user;
}
