import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Audience, roomsFor } from '../common/access/event-audience.js';
import type { AppointmentEvent, AppointmentUpdatedEvent } from '../modules/schedules/appointment.events.js';
import type { PresenceStatus } from './presence/presence.types.js';

export type { Audience };

/** Real-time event types and their payloads. Every module adds its own. */
export interface RealtimeEventMap {
  'lead.created': Record<string, unknown>;
  'lead.assigned': Record<string, unknown>;
  'lead.updated': Record<string, unknown>;
  'lead.sla_breached': Record<string, unknown>;
  'callback.due': Record<string, unknown>;
  'call.incoming': Record<string, unknown>;
  'appointment.created': AppointmentEvent;
  'appointment.updated': AppointmentUpdatedEvent;
  'presence.changed': { userId: string; status: PresenceStatus; changedAt: string };
  /** A person wrote (messenger, comment): ids, channel and the text (none for a restricted person). */
  'message.received': Record<string, unknown>;
  /** An outbound message was queued, sent, delivered, failed or withdrawn. */
  'message.status': Record<string, unknown>;
  /** A patient cancelled in reply to a message: the slot is free to book (no personal data). */
  'slot.freed': { appointmentId: string; doctorId: string; serviceId: string; branchId: string; startsAt: string; endsAt: string; reason: string };
  /** A low rating after a visit: a follow-up for the managers of the branch. */
  'feedback.low_rating': { feedbackId: string; appointmentId: string; patientId: string; doctorId: string; branchId: string; rating: number; restricted: boolean };
  /** Control event: every instance disconnects the matching sockets; never forwarded to clients. */
  'session.revoked': { userId: string; sessionId?: string; reason: string };
}

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
