import { Inject, Logger } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { DefaultEventsMap, Namespace, Socket } from 'socket.io';
import { roomsOf } from '../common/access/event-audience.js';
import type { AuthUser } from '../common/auth/actor.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { BearerAuthentication } from '../modules/auth/passport/bearer-authentication.js';
import { EventsRepository } from './events.repository.js';
import { OutboxRelay } from './outbox-relay.js';
import type { RealtimeEventMap } from './outbox.js';
import { CONTROL_EVENT_TYPES, parseEventId, type StoredEvent, type WireEvent } from './realtime.types.js';

export const REALTIME_NAMESPACE = '/realtime';
/** How long a client resuming from an id this instance has not reached yet may wait for it to catch up. */
const CATCH_UP_MS = 5000;
const REVOCATION_MEMORY_MS = 10 * 60 * 1000;

interface SocketState {
  user: AuthUser;
  /** The relay position before the session was checked: a revocation after it may have raced the handshake. */
  authAt: bigint;
  resumeFrom?: bigint;
  /** Set once the socket is in its rooms: it has been sent every entitled event above this id. */
  liveFrom?: bigint;
  queue: Promise<unknown>;
}

type ClientSocket = Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketState>;

interface Revocation {
  id: bigint;
  userId: string;
  sessionId?: string;
  at: number;
}

interface ResumeResult {
  replayed: number;
  resync: boolean;
}

/** Resume point a client could not be brought to by replay: it should reload its lists and continue live. */
class ResyncNeeded extends Error {}

/**
 * The `/realtime` namespace. A handshake carries the access token in `auth.token` (and optionally
 * `auth.lastEventId`); the server alone chooses the rooms. Events come from the outbox relay, so every
 * instance delivers the same events in the same order, and a reconnecting client can resume on any instance.
 */
@WebSocketGateway({ namespace: REALTIME_NAMESPACE })
export class RealtimeGateway implements OnGatewayInit<Namespace>, OnGatewayConnection<ClientSocket> {
  private readonly logger = new Logger(RealtimeGateway.name);
  private readonly revocations: Revocation[] = [];
  @WebSocketServer() private readonly namespace: Namespace;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly bearer: BearerAuthentication,
    private readonly relay: OutboxRelay,
    private readonly events: EventsRepository,
  ) {}

  afterInit(namespace: Namespace): void {
    namespace.use((socket, next) => {
      this.authenticate(socket as ClientSocket).then(
        () => next(),
        (error: Error) => next(error),
      );
    });
    this.relay.subscribe((events) => this.dispatch(events));
  }

  handleConnection(socket: ClientSocket): void {
    socket.on('resume', (payload: unknown, ack?: unknown) =>
      this.onResume(socket, payload, typeof ack === 'function' ? (ack as (reply: unknown) => void) : undefined),
    );
    this.serially(socket, () => this.bringLive(socket, socket.data.resumeFrom));
  }

  private async authenticate(socket: ClientSocket): Promise<void> {
    const { token, lastEventId } = (socket.handshake.auth ?? {}) as { token?: unknown; lastEventId?: unknown };
    const authAt = this.relay.deliveredUpTo;
    const user = typeof token === 'string' && token.length > 0 && token.length <= 4096 ? await this.bearer.fromToken(token) : null;
    if (!user) throw socketError('UNAUTHENTICATED', 'Sign in to continue: the access token is missing, expired or revoked');
    let resumeFrom: bigint | undefined;
    if (lastEventId !== undefined && lastEventId !== null) {
      resumeFrom = parseEventId(lastEventId);
      if (resumeFrom === undefined) throw socketError('VALIDATION_FAILED', 'lastEventId must be the id of an event');
    }
    socket.data = { user, authAt, resumeFrom, queue: Promise.resolve() };
  }

  private onResume(socket: ClientSocket, payload: unknown, ack?: (reply: unknown) => void): void {
    const from = parseEventId(typeof payload === 'object' && payload !== null ? (payload as { lastEventId?: unknown }).lastEventId : undefined);
    if (from === undefined) {
      ack?.({ ok: false, error: { code: 'VALIDATION_FAILED', message: 'lastEventId must be the id of an event' } });
      return;
    }
    this.serially(socket, async () => {
      // Live delivery pauses while the missed events go out; what this socket already got live is not sent twice.
      const liveFrom = socket.data.liveFrom;
      const sentUpTo = this.relay.deliveredUpTo;
      for (const room of [...socket.rooms]) if (room !== socket.id) void socket.leave(room);
      socket.data.liveFrom = undefined;
      const result = await this.bringLive(socket, from, liveFrom === undefined ? undefined : { after: liveFrom, upTo: sentUpTo });
      ack?.({ ok: true, ...result });
    });
  }

  /**
   * Sends the entitled events after `from` and then puts the socket in its rooms, in the same tick as the check
   * that nothing newer has been delivered meanwhile: replay and live delivery meet without a gap or an overlap.
   */
  private async bringLive(socket: ClientSocket, from: bigint | undefined, alreadySent?: { after: bigint; upTo: bigint }): Promise<ResumeResult> {
    const result: ResumeResult = { replayed: 0, resync: false };
    // Held until the whole replay is read: a client past the limit gets a resync and none of the events.
    const missed: StoredEvent[] = [];
    let cursor = from ?? this.relay.deliveredUpTo;
    let retentionChecked = false;
    try {
      // The client saw events on an instance that is ahead of this one.
      if (cursor > this.relay.deliveredUpTo && !(await this.relay.waitFor(cursor, CATCH_UP_MS))) throw new ResyncNeeded('unknown_event_id');
      for (;;) {
        if (!socket.connected) return result;
        const upTo = this.relay.deliveredUpTo;
        if (cursor >= upTo) break;
        if (upTo - cursor > BigInt(this.config.realtime.replayMaxEvents) * 50n) throw new ResyncNeeded('too_far_behind');
        // One read of up to the allowed number (plus one to notice more).
        const allowance = this.config.realtime.replayMaxEvents - missed.length;
        const batch = await this.events.entitledBetween(roomsOf(socket.data.user), cursor, upTo, allowance + 1, alreadySent);
        if (batch.length > allowance) throw new ResyncNeeded('too_many_missed');
        // Events past the retention period are deleted oldest first, so a resume point below the oldest kept one may
        // have missed some. Checked after the first read, so a purge running meanwhile is noticed too; later reads
        // are of events that have only just been delivered.
        if (!retentionChecked) {
          retentionChecked = true;
          const oldest = await this.events.oldestId();
          if (oldest === null || cursor + 1n < oldest) throw new ResyncNeeded('expired');
        }
        missed.push(...batch);
        cursor = upTo;
      }
      for (const event of missed) socket.emit(event.type, toWire(event));
      result.replayed = missed.length;
    } catch (error) {
      if (!(error instanceof ResyncNeeded)) throw error;
      result.resync = true;
      socket.emit('resync', { reason: error.message, lastEventId: this.relay.deliveredUpTo.toString() });
    }
    if (!socket.connected) return result;
    // No await from here to the join: the relay cannot deliver in between.
    socket.data.liveFrom = this.relay.deliveredUpTo;
    void socket.join(roomsOf(socket.data.user));
    if (this.revokedSince(socket.data.authAt, socket.data.user)) socket.disconnect(true);
    return result;
  }

  private dispatch(events: readonly StoredEvent[]): void {
    for (const event of events) {
      if (event.type === 'session.revoked') {
        this.revoke(BigInt(event.id), event.data as RealtimeEventMap['session.revoked']);
        continue;
      }
      if (CONTROL_EVENT_TYPES.includes(event.type)) continue;
      if (event.rooms.length) this.namespace.to(event.rooms).emit(event.type, toWire(event));
    }
  }

  /** Logout ends that session's sockets; deactivation, a role or password change ends all of the user's. */
  private revoke(id: bigint, { userId, sessionId }: RealtimeEventMap['session.revoked']): void {
    const now = Date.now();
    while (this.revocations.length && now - this.revocations[0]!.at > REVOCATION_MEMORY_MS) this.revocations.shift();
    this.revocations.push({ id, userId, sessionId, at: now });
    for (const socketId of this.namespace.adapter.rooms.get(`user:${userId}`) ?? []) {
      const socket = this.namespace.sockets.get(socketId) as ClientSocket | undefined;
      if (socket && (!sessionId || socket.data.user.sessionId === sessionId)) socket.disconnect(true);
    }
  }

  /** A socket that was still replaying when its session was revoked is not in its rooms yet; catch it on joining. */
  private revokedSince(authAt: bigint, user: AuthUser): boolean {
    return this.revocations.some((r) => r.id > authAt && r.userId === user.id && (!r.sessionId || r.sessionId === user.sessionId));
  }

  /** One replay at a time per socket, so resume requests cannot interleave their events. */
  private serially(socket: ClientSocket, task: () => Promise<unknown>): void {
    socket.data.queue = socket.data.queue.then(task).catch((error: unknown) => {
      this.logger.error(`realtime replay failed: ${error instanceof Error ? error.message : String(error)}`);
      socket.disconnect(true);
    });
  }
}

function toWire(event: StoredEvent): WireEvent {
  return { id: event.id, type: event.type, at: event.at, data: event.data };
}

function socketError(code: string, message: string): Error {
  return Object.assign(new Error(message), { data: { code } });
}
