import { useCallback, useEffect, useState } from 'react';
import { PublicError } from '../shared/api';

/** A public read with its loading and error states (the code of a refused request). */
export function useLoad<T>(
  load: (() => Promise<T>) | null,
  deps: unknown[],
): { data: T | undefined; error: string | null; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data?: T; error: string | null; loading: boolean }>({ error: null, loading: !!load });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!load) return;
    let cancelled = false;
    setState((s) => ({ ...s, loading: true, error: null }));
    load().then(
      (data) => !cancelled && setState({ data, error: null, loading: false }),
      (e: unknown) => !cancelled && setState({ error: e instanceof PublicError ? e.code : 'UNKNOWN', loading: false }),
    );
    return () => {
      cancelled = true;
    };
    // The caller names what the load depends on.
  }, [...deps, attempt]);
  return { data: state.data, error: state.error, loading: state.loading, reload: useCallback(() => setAttempt((n) => n + 1), []) };
}
