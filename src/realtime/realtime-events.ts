// What real-time clients receive, event by event. Types only, free of server imports: the web console reads them too.
import type { ConsentStatus, LeadChannel, LeadStatus } from '../modules/leads/lead-lifecycle.js';
import type { AppointmentStatus } from '../modules/schedules/appointment-status.js';
import type { PresenceStatus } from './presence/presence.types.js';

/** A lead as operators' screens show it at once (`lead.created`, `lead.assigned`, `lead.updated`). */
export interface LeadEvent {
  leadId: string;
  patientId: string;
  status: LeadStatus;
  channel: LeadChannel;
  branchId: string | null;
  sourceId: string | null;
  /** Null once the person's data is erased, and for a restricted person (only managers get their events). */
  name: string | null;
  phone: string | null;
  restricted: boolean;
  returningPatient: boolean;
  consentStatus: ConsentStatus;
  utmSource: string | null;
  utmCampaign: string | null;
  assignedOperatorId: string | null;
  slaDueAt: string;
  slaBreached: boolean;
  firstContactAt: string | null;
  createdAt: string;
}

export interface LeadSlaBreachedEvent {
  leadId: string;
  patientId: string;
  assignedOperatorId: string | null;
  branchId: string | null;
  slaDueAt: string;
}

export interface CallbackDueEvent {
  callbackId: string;
  leadId: string;
  patientId: string;
  operatorId: string;
  dueAt: string;
}

/** The screen pop for the operator whose extension rings: who calls, their open leads and coming visits. */
export interface CallIncomingEvent {
  callId: string;
  externalCallId: string | null;
  direction: 'inbound' | 'outbound';
  startedAt: string;
  extension: string | null;
  operatorId: string;
  leadId: string | null;
  newLead: boolean;
  patientId: string | null;
  /** A restricted person comes without name and phone. */
  patient: { id: string; name: string | null; phone: string | null; restricted: boolean } | null;
  caller: string | null;
  leads: Array<{
    leadId: string;
    status: LeadStatus;
    channel: LeadChannel;
    consentStatus: ConsentStatus;
    assignedOperatorId: string | null;
    slaDueAt: string;
    createdAt: string;
  }>;
  upcomingAppointments: Array<{
    appointmentId: string;
    startsAt: string;
    endsAt: string;
    status: AppointmentStatus;
    doctorId: string;
    serviceId: string;
    branchId: string;
  }>;
}

/** What real-time clients and in-process listeners learn about an appointment: ids and times, never names or phones. */
export interface AppointmentEvent {
  id: string;
  patientId: string;
  doctorId: string;
  serviceId: string;
  branchId: string;
  leadId: string | null;
  startsAt: string;
  endsAt: string;
  status: AppointmentStatus;
  channel: string;
  bookedBy: string | null;
}

export type AppointmentChange = 'moved' | 'cancelled' | 'status' | 'note';

export interface AppointmentUpdatedEvent extends AppointmentEvent {
  change: AppointmentChange;
  previousStatus: AppointmentStatus;
  previousStartsAt: string;
}

export interface PresenceChangedEvent {
  userId: string;
  status: PresenceStatus;
  changedAt: string;
}

/** Real-time event types and their payloads. Every module adds its own. */
export interface RealtimeEventMap {
  'lead.created': LeadEvent;
  'lead.assigned': LeadEvent;
  'lead.updated': LeadEvent;
  'lead.sla_breached': LeadSlaBreachedEvent;
  /** The person behind the lead withdrew consent: it leaves operators' queues and cards (the id only, nothing about the person). */
  'lead.restricted': { leadId: string };
  'callback.due': CallbackDueEvent;
  'call.incoming': CallIncomingEvent;
  /** A manager reviewed one of the operator's calls. */
  'call.reviewed': { callId: string; score: number; reviewerId: string };
  'appointment.created': AppointmentEvent;
  'appointment.updated': AppointmentUpdatedEvent;
  'presence.changed': PresenceChangedEvent;
  /** A person wrote (messenger, comment): ids, channel and the text (none for a restricted person). */
  'message.received': Record<string, unknown>;
  /** An outbound message was queued, sent, delivered, failed or withdrawn. */
  'message.status': Record<string, unknown>;
  /** A patient cancelled in reply to a message: the slot is free to book (no personal data). */
  'slot.freed': { appointmentId: string; doctorId: string; serviceId: string; branchId: string; startsAt: string; endsAt: string; reason: string };
  /** A low rating after a visit: a follow-up for the managers of the branch. */
  'feedback.low_rating': {
    feedbackId: string;
    appointmentId: string;
    patientId: string;
    doctorId: string;
    branchId: string;
    rating: number;
    restricted: boolean;
  };
  /** Control event: every instance disconnects the matching sockets; never forwarded to clients. */
  'session.revoked': { userId: string; sessionId?: string; reason: string };
}

/** Sent instead of a replay the server cannot give (too far behind, events expired): reload, then continue from `lastEventId`. */
export interface ResyncEvent {
  reason: string;
  lastEventId: string;
}

/** An event as it arrives on the socket, emitted under its `type`; `id` grows with every change (resume from it). */
export interface RealtimeMessage<K extends keyof RealtimeEventMap = keyof RealtimeEventMap> {
  id: string;
  type: K;
  at: string;
  data: RealtimeEventMap[K];
}
