import { io, type Socket } from 'socket.io-client';
import type { RealtimeEventMap, RealtimeMessage, ResyncEvent } from '../../../src/realtime/realtime-events';
import { session } from './session';

export type { RealtimeEventMap, RealtimeMessage } from '../../../src/realtime/realtime-events';
export type RealtimeEventType = Exclude<keyof RealtimeEventMap, 'session.revoked'>;
export type ConnectionState = 'connecting' | 'online' | 'offline';

type Handler = (message: RealtimeMessage) => void;

/**
 * The console's one socket to `/realtime`. It sends the access token and the last event id it saw in the handshake,
 * so a reconnect (a dropped network, a new token) replays what was missed; `resync` (too much missed) reloads the
 * lists instead. A new access token reconnects with it; signing out disconnects.
 */
class Realtime {
  private socket: Socket | undefined;
  private lastEventId: string | undefined;
  private handlers = new Set<Handler>();
  private resyncHandlers = new Set<() => void>();
  private stateListeners = new Set<() => void>();
  private token: string | null = null;
  state: ConnectionState = 'offline';

  constructor() {
    session.subscribe(() => this.follow());
  }

  /** Called for every event, in the order the server sent them (replayed ones first). */
  onEvent(handler: Handler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** Called when the server cannot replay what was missed: reload what is on screen. */
  onResync(handler: () => void): () => void {
    this.resyncHandlers.add(handler);
    return () => this.resyncHandlers.delete(handler);
  }

  subscribeState = (listener: () => void): (() => void) => {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  };

  /** Starts following the session: connected while signed in. */
  start(): void {
    this.follow();
  }

  private follow(): void {
    const token = session.accessToken;
    if (token === this.token) return;
    this.token = token;
    if (!token) {
      this.disconnect();
      // A new sign-in starts from the lists as loaded, not from another session's events.
      this.lastEventId = undefined;
      return;
    }
    if (this.socket) {
      // A refreshed token: reconnect with it; the replay from lastEventId covers the moment between.
      this.socket.disconnect().connect();
      return;
    }
    this.connect();
  }

  private connect(): void {
    const socket = io('/realtime', {
      auth: (send) => send({ token: session.accessToken, ...(this.lastEventId ? { lastEventId: this.lastEventId } : {}) }),
      transports: ['websocket', 'polling'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
    });
    this.socket = socket;
    this.setState('connecting');
    socket.on('connect', () => {
      this.setState('online');
      // Without a resume point (no event seen yet in this sign-in) changes before the connection were not delivered: reload.
      if (!this.lastEventId) for (const handler of [...this.resyncHandlers]) handler();
    });
    socket.on('disconnect', (reason) => {
      this.setState(socket.active ? 'connecting' : 'offline');
      // Ended by the server (sign-out elsewhere, a revoked session, changed access): check the session, then come back.
      if (reason === 'io server disconnect') void this.recover();
    });
    socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      this.setState('connecting');
      if (error.data?.code === 'UNAUTHENTICATED') void this.recover();
    });
    socket.on('resync', (payload: ResyncEvent) => {
      this.lastEventId = payload.lastEventId;
      for (const handler of [...this.resyncHandlers]) handler();
    });
    socket.onAny((type: string, payload: RealtimeMessage) => {
      if (type === 'resync' || !payload || typeof payload.id !== 'string') return;
      this.lastEventId = payload.id;
      for (const handler of [...this.handlers]) handler(payload);
    });
  }

  private async recover(): Promise<void> {
    const socket = this.socket;
    if (!socket || !session.accessToken) return;
    const ok = await session.refresh().catch(() => false);
    // refresh() signs out when the session is gone; otherwise a new token triggers follow(), or reconnect as we are.
    if (ok && this.socket === socket && !socket.connected && !socket.active) socket.connect();
  }

  private disconnect(): void {
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = undefined;
    this.setState('offline');
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    for (const listener of [...this.stateListeners]) listener();
  }
}

export const realtime = new Realtime();
