import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Audience, roomsFor } from '../common/access/event-audience.js';
import type { RealtimeEventMap } from './realtime-events.js';

export type { Audience };

export type { RealtimeEventMap } from './realtime-events.js';

/**
 * Writes a real-time event into the `events` outbox inside the caller's transaction, so an event exists
 * exactly when its change committed. Delivery to sockets (and replay on reconnect) reads from there.
 */
@Injectable()
export class Outbox {
  async publish<K extends keyof RealtimeEventMap>(em: EntityManager, type: K, audience: Audience, data: RealtimeEventMap[K]): Promise<string> {
    const [row] = await em.query(`INSERT INTO events (type, rooms, payload) VALUES ($1, $2, $3) RETURNING id::text`, [type, roomsFor(audience), data]);
    return row.id;
  }
}
