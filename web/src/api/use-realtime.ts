import { useEffect, useRef, useSyncExternalStore } from 'react';
import { type ConnectionState, type RealtimeMessage, realtime } from './realtime';

/** Runs `handler` for every real-time event while the component is mounted (for what a screen alone shows: sounds, pops). */
export function useRealtimeEvent(handler: (message: RealtimeMessage) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => realtime.onEvent((message) => ref.current(message)), []);
}

export function useConnectionState(): ConnectionState {
  return useSyncExternalStore(realtime.subscribeState, () => realtime.state);
}
