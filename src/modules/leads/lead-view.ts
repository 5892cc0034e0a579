import type { LeadView } from './dto/lead.dto.js';
import type { LeadEvent } from '../../realtime/realtime-events.js';
import type { LeadRow } from './leads.repository.js';

export function toLeadView(l: LeadRow): LeadView {
  return {
    id: l.id, status: l.status, channel: l.channel, sourceId: l.sourceId, branchId: l.branchId, patientId: l.patientId,
    name: l.patientName, phone: l.patientPhone, email: l.patientEmail, returningPatient: l.returningPatient, consentStatus: l.consentStatus,
    utm: { source: l.utmSource, medium: l.utmMedium, campaign: l.utmCampaign, content: l.utmContent, term: l.utmTerm },
    referrer: l.referrer, landingUrl: l.landingUrl, message: l.message, messengerUsername: l.messengerUsername,
    requestedServiceId: l.requestedServiceId, requestedDoctorId: l.requestedDoctorId, assignedOperatorId: l.assignedOperatorId,
    claimedAt: l.claimedAt, firstContactAt: l.firstContactAt, slaDueAt: l.slaDueAt, slaBreached: l.slaBreached,
    lostReason: l.lostReason, notes: l.notes, externalId: l.externalId, createdAt: l.createdAt, updatedAt: l.updatedAt,
  };
}

/**
 * What operators' screens need to show a lead at once. It carries the contact (so the desk can show who is asking);
 * `patientId` lets erasure find and scrub these events.
 */
export function leadEventData(l: LeadRow): LeadEvent {
  return {
    leadId: l.id, patientId: l.patientId, status: l.status, channel: l.channel, branchId: l.branchId, sourceId: l.sourceId,
    name: l.patientName, phone: l.patientPhone, returningPatient: l.returningPatient, consentStatus: l.consentStatus,
    utmSource: l.utmSource, utmCampaign: l.utmCampaign,
    assignedOperatorId: l.assignedOperatorId, slaDueAt: l.slaDueAt.toISOString(), slaBreached: l.slaBreached,
    firstContactAt: l.firstContactAt?.toISOString() ?? null, createdAt: l.createdAt.toISOString(),
  };
}
