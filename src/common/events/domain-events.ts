import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Domain events announced by services; other modules (auth, realtime, audit) listen. Extended per module. */
export interface DomainEventMap {
  'staff.access_changed': { userId: string; reason: 'deactivated' | 'role_changed' | 'password_changed' | 'password_reset' | 'mfa_reset' };
  'auth.logged_out': { userId: string; sessionId: string };
  /** A staff member's branches changed: requests see it at once; open sockets must rejoin their rooms. */
  'staff.branches_changed': { userId: string };
  /** An appointment was booked (leads listen to mark the lead booked); runs inside the booking transaction. */
  'appointment.booked': { appointmentId: string; patientId: string; leadId: string | null; branchId: string; actorId: string | null };
  /** An appointment was moved, cancelled or changed status; runs inside that transaction. */
  'appointment.changed': {
    appointmentId: string;
    patientId: string;
    leadId: string | null;
    status: string;
    change: 'moved' | 'cancelled' | 'status' | 'note';
    actorId: string | null;
  };
  /** A consent was withdrawn; for personal data the person is already restricted (leads must leave queues). */
  'consent.withdrawn': { consentId: string; kind: 'personal_data' | 'marketing' | 'health_data'; patientId: string | null; leadId: string | null };
  /** Clinic settings are about to change, inside that transaction; a listener throws to refuse the change. */
  'settings.changing': { current: Record<string, unknown>; changes: Record<string, unknown> };
  /**
   * A consent was recorded (web form, phone, in person); runs inside that transaction (leads stop waiting for consent).
   * `newPatient`: the patient was created in this same transaction, so no earlier lead of theirs can be waiting.
   */
  /** A person's data was erased (by staff, or by a retention job); runs inside the erasure transaction. */
  'patient.erased': { patientId: string; subjectRequestId: string | null; actorId: string | null };
  'consent.recorded': {
    consentId: string;
    kind: 'personal_data' | 'marketing' | 'health_data';
    channel: string;
    patientId: string | null;
    leadId: string | null;
    newPatient: boolean;
  };
}

type Handler<K extends keyof DomainEventMap> = (payload: DomainEventMap[K], em?: EntityManager) => Promise<void> | void;

/**
 * In-process publish/subscribe. Listeners run in order and are awaited; given a transaction's manager they
 * run inside it, so their writes commit or roll back with the change they react to.
 */
@Injectable()
export class DomainEvents {
  private readonly handlers = new Map<keyof DomainEventMap, Handler<never>[]>();

  on<K extends keyof DomainEventMap>(type: K, handler: Handler<K>): void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler as Handler<never>);
    this.handlers.set(type, list);
  }

  async emit<K extends keyof DomainEventMap>(type: K, payload: DomainEventMap[K], em?: EntityManager): Promise<void> {
    for (const handler of (this.handlers.get(type) ?? []) as Handler<K>[]) await handler(payload, em);
  }
}
