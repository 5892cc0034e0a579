import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Role } from '../common/auth/roles.js';
import type { RealtimeEventMap } from './realtime-events.js';

/** Who may receive an event: any listed user, role or branch (a socket in any of these rooms gets it). */
export interface Audience {
  users?: string[];
  roles?: Role[];
  branches?: string[];
}

export type { RealtimeEventMap } from './realtime-events.js';

/**
 * Writes a real-time event into the `events` outbox inside the caller's transaction, so an event exists
 * exactly when its change committed. Delivery to sockets (and replay on reconnect) reads from there.
 */
@Injectable()
export class Outbox {
  async publish<K extends keyof RealtimeEventMap>(em: EntityManager, type: K, audience: Audience, data: RealtimeEventMap[K]): Promise<string> {
    const [row] = await em.query(`INSERT INTO events (type, audience, payload) VALUES ($1, $2, $3) RETURNING id::text`, [type, audience, data]);
    return row.id;
  }
}
