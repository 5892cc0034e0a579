import { JOINED_PATIENT_EMAIL, JOINED_PATIENT_NAME, JOINED_PATIENT_PHONE, JOINED_PATIENT_RESTRICTED, joinPatient } from '../patients/patient-sql.js';
import { type ConsentStatus, HELD_LEAD_STATUSES, type LeadChannel, type LeadStatus, OPEN_LEAD_STATUSES, sqlStatuses } from './lead-lifecycle.js';

// A lead as the lead repositories read it, and the SQL pieces they share to read it the same way. Only the
// repositories of this module compose these.

export interface LeadRow {
  id: string;
  patientId: string;
  sourceId: string | null;
  branchId: string | null;
  channel: LeadChannel;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmContent: string | null;
  utmTerm: string | null;
  referrer: string | null;
  landingUrl: string | null;
  message: string | null;
  messengerUserId: string | null;
  messengerUsername: string | null;
  requestedServiceId: string | null;
  requestedDoctorId: string | null;
  status: LeadStatus;
  assignedOperatorId: string | null;
  claimedAt: Date | null;
  firstContactAt: Date | null;
  slaDueAt: Date;
  slaBreached: boolean;
  lostReason: string | null;
  notes: string | null;
  consentStatus: ConsentStatus;
  returningPatient: boolean;
  externalId: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** From the patient: null once erased. */
  patientName: string | null;
  patientPhone: string | null;
  patientEmail: string | null;
  patientRestricted: boolean;
}

/** Statuses of a lead still in work, and of one an operator holds, as SQL lists. */
export const OPEN = sqlStatuses(OPEN_LEAD_STATUSES);
export const HELD = sqlStatuses(HELD_LEAD_STATUSES);

/** The columns of a LeadRow, of a lead `l` with its patient `p` (joinPatient). */
export const LEAD_COLUMNS = `
  l.id, l.patient_id AS "patientId", l.source_id AS "sourceId", l.branch_id AS "branchId", l.channel,
         l.utm_source AS "utmSource", l.utm_medium AS "utmMedium", l.utm_campaign AS "utmCampaign", l.utm_content AS "utmContent", l.utm_term AS "utmTerm",
         l.referrer, l.landing_url AS "landingUrl", l.message, l.messenger_user_id AS "messengerUserId", l.messenger_username AS "messengerUsername",
         l.requested_service_id AS "requestedServiceId", l.requested_doctor_id AS "requestedDoctorId", l.status,
         l.assigned_operator_id AS "assignedOperatorId", l.claimed_at AS "claimedAt", l.first_contact_at AS "firstContactAt",
         l.sla_due_at AS "slaDueAt", l.sla_breached AS "slaBreached", l.lost_reason AS "lostReason", l.notes,
         l.consent_status AS "consentStatus", l.returning_patient AS "returningPatient", l.external_id AS "externalId",
         l.created_by AS "createdBy", l.created_at AS "createdAt", l.updated_at AS "updatedAt",
         ${JOINED_PATIENT_NAME} AS "patientName", ${JOINED_PATIENT_PHONE} AS "patientPhone", ${JOINED_PATIENT_EMAIL} AS "patientEmail",
         ${JOINED_PATIENT_RESTRICTED} AS "patientRestricted"`;

/** LeadRows of the leads `l`; add WHERE, ORDER BY and LIMIT. */
export const SELECT_LEADS = `SELECT ${LEAD_COLUMNS} FROM leads l ${joinPatient('l.patient_id')}`;
