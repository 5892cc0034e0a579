export const LEAD_STATUSES = ['new', 'assigned', 'in_progress', 'booked', 'lost', 'junk'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const LEAD_CHANNELS = ['website', 'vk', 'telegram', 'whatsapp', 'instagram', 'phone', 'walk_in', 'referral', 'seo', 'context_ads', 'tv', 'radio', 'outdoor', 'other', 'recall'] as const;
export type LeadChannel = (typeof LEAD_CHANNELS)[number];

/** Which status may follow which. Claiming and releasing move between new and assigned; a closed lead can be reopened. */
const NEXT: Record<LeadStatus, readonly LeadStatus[]> = {
  new: ['assigned', 'lost', 'junk'],
  assigned: ['new', 'in_progress', 'booked', 'lost', 'junk'],
  in_progress: ['new', 'booked', 'lost', 'junk'],
  booked: ['in_progress'],
  lost: ['new'],
  junk: ['new'],
};

export function canMove(from: LeadStatus, to: LeadStatus): boolean {
  return NEXT[from].includes(to);
}

/** Statuses in which a lead counts against its operator's capacity. */
export const OPEN_STATUSES: readonly LeadStatus[] = ['assigned', 'in_progress'];

/** Consent to personal-data processing as the lead shows it: given, still to obtain (messengers, calls), or withdrawn. */
export const CONSENT_STATUSES = ['given', 'pending', 'withdrawn'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];
