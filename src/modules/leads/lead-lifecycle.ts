import { conflict, validationFailed } from '../../common/errors/app-error.js';

export const LEAD_STATUSES = ['new', 'assigned', 'in_progress', 'booked', 'lost', 'junk'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** Leads still being worked: waiting in the queue or held by an operator. Booked, lost and junk leads are closed. */
export const OPEN_LEAD_STATUSES = ['new', 'assigned', 'in_progress'] as const satisfies readonly LeadStatus[];
/** Open leads held by an operator; they count against the operator's capacity. */
export const HELD_LEAD_STATUSES = ['assigned', 'in_progress'] as const satisfies readonly LeadStatus[];

export const isOpenLead = (status: LeadStatus): boolean => (OPEN_LEAD_STATUSES as readonly LeadStatus[]).includes(status);
export const isHeldLead = (status: LeadStatus): boolean => (HELD_LEAD_STATUSES as readonly LeadStatus[]).includes(status);

/** A list of statuses as SQL literals, for `status IN (...)` in queries (the values are the constants above, never input). */
export const sqlStatuses = (statuses: readonly LeadStatus[]): string => statuses.map((s) => `'${s}'`).join(', ');

export const LEAD_CHANNELS = [
  'website',
  'vk',
  'telegram',
  'whatsapp',
  'instagram',
  'phone',
  'walk_in',
  'referral',
  'seo',
  'context_ads',
  'tv',
  'radio',
  'outdoor',
  'other',
  'recall',
] as const;
export type LeadChannel = (typeof LEAD_CHANNELS)[number];

/**
 * Which status may follow which. Claiming and releasing move between new and assigned; booking an appointment from an
 * open lead makes it booked (also straight from the queue); a closed lead can be reopened.
 */
const NEXT: Record<LeadStatus, readonly LeadStatus[]> = {
  new: ['assigned', 'booked', 'lost', 'junk'],
  assigned: ['new', 'in_progress', 'booked', 'lost', 'junk'],
  in_progress: ['new', 'booked', 'lost', 'junk'],
  booked: ['in_progress'],
  lost: ['new'],
  junk: ['new'],
};

export function canMove(from: LeadStatus, to: LeadStatus): boolean {
  return NEXT[from].includes(to);
}

/**
 * The one check of a lead's step from its status to `to`, whoever takes it (staff, a call's outcome, a booking):
 * throws the error to answer with. The same status again is for the caller to treat as no change.
 */
export function assertLeadStep(
  lead: { status: LeadStatus; assignedOperatorId: string | null; lostReason: string | null },
  to: LeadStatus,
  lostReason?: string | null,
): void {
  if (!canMove(lead.status, to)) throw conflict(`A ${lead.status} lead cannot become ${to}`);
  if (to === 'lost' && !lostReason && !lead.lostReason)
    throw validationFailed('Say why the lead was lost', [{ field: 'lostReason', messages: ['lostReason is required when the lead is lost'] }]);
  if (to === 'in_progress' && !lead.assignedOperatorId) throw conflict('Assign or claim the lead first');
}

/** Consent to personal-data processing as the lead shows it: given, still to obtain (messengers, calls), or withdrawn. */
export const CONSENT_STATUSES = ['given', 'pending', 'withdrawn'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];
