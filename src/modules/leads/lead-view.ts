import type { LeadView } from './dto/lead.dto.js';
import type { LeadEvent } from '../../realtime/realtime-events.js';
import type { LeadRow } from './leads.repository.js';

/** A restricted person's lead shows that it exists, without the person's values (only managers get it at all). */
export function toLeadView(l: LeadRow): LeadView {
  const hide = l.patientRestricted;
  return {
    id: l.id,
    status: l.status,
    channel: l.channel,
    sourceId: l.sourceId,
    branchId: l.branchId,
    patientId: l.patientId,
    name: hide ? null : l.patientName,
    phone: hide ? null : l.patientPhone,
    email: hide ? null : l.patientEmail,
    restricted: hide,
    returningPatient: l.returningPatient,
    consentStatus: l.consentStatus,
    utm: { source: l.utmSource, medium: l.utmMedium, campaign: l.utmCampaign, content: l.utmContent, term: l.utmTerm },
    referrer: hide ? null : l.referrer,
    landingUrl: hide ? null : l.landingUrl,
    message: hide ? null : l.message,
    messengerUsername: hide ? null : l.messengerUsername,
    requestedServiceId: l.requestedServiceId,
    requestedDoctorId: l.requestedDoctorId,
    assignedOperatorId: l.assignedOperatorId,
    claimedAt: l.claimedAt,
    firstContactAt: l.firstContactAt,
    slaDueAt: l.slaDueAt,
    slaBreached: l.slaBreached,
    lostReason: hide ? null : l.lostReason,
    notes: hide ? null : l.notes,
    externalId: l.externalId,
    createdAt: l.createdAt,
    updatedAt: l.updatedAt,
  };
}

/**
 * What operators' screens need to show a lead at once. It carries the contact (so the desk can show who is asking),
 * except for a restricted person; `patientId` lets erasure find and scrub these events.
 */
export function leadEventData(l: LeadRow): LeadEvent {
  const hide = l.patientRestricted;
  return {
    leadId: l.id,
    patientId: l.patientId,
    status: l.status,
    channel: l.channel,
    branchId: l.branchId,
    sourceId: l.sourceId,
    name: hide ? null : l.patientName,
    phone: hide ? null : l.patientPhone,
    restricted: hide,
    returningPatient: l.returningPatient,
    consentStatus: l.consentStatus,
    utmSource: l.utmSource,
    utmCampaign: l.utmCampaign,
    assignedOperatorId: l.assignedOperatorId,
    slaDueAt: l.slaDueAt.toISOString(),
    slaBreached: l.slaBreached,
    firstContactAt: l.firstContactAt?.toISOString() ?? null,
    createdAt: l.createdAt.toISOString(),
  };
}
