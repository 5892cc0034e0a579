import { io, type Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { type Audience, Outbox, type RealtimeEventMap } from '../../src/realtime/outbox.js';
import type { TestApp } from './test-app.js';

/** An event as a client receives it: emitted under its type, with `{ id, type, at, data }`. */
export interface ReceivedEvent {
  name: string;
  id: string;
  type: string;
  at: string;
  data: any;
}

export interface TestSocket {
  socket: Socket;
  /** Every event received so far, in arrival order (`resync` included, under its own name). */
  events: ReceivedEvent[];
  /** Ids of received events of one type, or of all real events when no type is given. */
  ids(type?: string): string[];
  /** Resolves with the first received event (past or future) that matches; rejects after `timeoutMs`. */
  waitFor(match: (event: ReceivedEvent) => boolean, timeoutMs?: number): Promise<ReceivedEvent>;
  waitForId(id: string, timeoutMs?: number): Promise<ReceivedEvent>;
  /** Resolves with the disconnect reason ('io server disconnect' when the server ended it). */
  disconnected(timeoutMs?: number): Promise<string>;
  emitWithAck(event: string, payload: unknown): Promise<any>;
  close(): void;
}

export interface ConnectOptions {
  token?: unknown;
  lastEventId?: unknown;
  /** Raw handshake auth, replacing token/lastEventId. */
  auth?: Record<string, unknown>;
}

/** A connect attempt the server refused: `code` is the error code the handshake middleware sent. */
export class ConnectRefused extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** Connects a real socket.io client to `baseUrl`'s `/realtime` namespace; resolves once the server accepted it. */
export function connectSocket(baseUrl: string, options: ConnectOptions = {}): Promise<TestSocket> {
  const auth = options.auth ?? {
    ...(options.token !== undefined ? { token: options.token } : {}),
    ...(options.lastEventId !== undefined ? { lastEventId: options.lastEventId } : {}),
  };
  const socket = io(`${baseUrl}/realtime`, { auth, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 10_000 });
  const events: ReceivedEvent[] = [];
  const listeners = new Set<() => void>();
  let disconnectReason: string | undefined;
  socket.onAny((name: string, payload: any) => {
    events.push({ name, ...payload });
    for (const listener of [...listeners]) listener();
  });
  socket.on('disconnect', (reason) => {
    disconnectReason = reason;
    for (const listener of [...listeners]) listener();
  });

  const until = <T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const attempt = () => {
        const value = check();
        if (value === undefined) return;
        listeners.delete(attempt);
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        listeners.delete(attempt);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; received: ${JSON.stringify(events.map((e) => [e.name, e.id]))}`));
      }, timeoutMs);
      listeners.add(attempt);
      attempt();
    });

  const client: TestSocket = {
    socket,
    events,
    ids: (type) => events.filter((e) => e.name !== 'resync' && (!type || e.type === type)).map((e) => e.id),
    waitFor: (match, timeoutMs = 10_000) => until(() => events.find(match), timeoutMs, 'a matching event'),
    waitForId: (id, timeoutMs = 10_000) => until(() => events.find((e) => e.id === id), timeoutMs, `event ${id}`),
    disconnected: (timeoutMs = 10_000) => until(() => disconnectReason, timeoutMs, 'a disconnect'),
    emitWithAck: (event, payload) => socket.timeout(10_000).emitWithAck(event, payload),
    close: () => {
      socket.disconnect();
    },
  };

  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', (error: Error & { data?: { code?: string } }) => {
      socket.close();
      reject(new ConnectRefused(error.message, error.data?.code));
    });
  });
}

/** Publishes one event through the real outbox in its own transaction on `t`'s instance; returns its id. */
export function publishEvent(t: TestApp, type: keyof RealtimeEventMap, audience: Audience, data: Record<string, unknown> = {}): Promise<string> {
  const outbox = t.app.get(Outbox);
  return t.app.get(DataSource).transaction((em) => outbox.publish(em, type as 'lead.created', audience, data as unknown as RealtimeEventMap['lead.created']));
}
