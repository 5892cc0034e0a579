import { canMove, type LeadStatus } from '../leads/lead-lifecycle.js';

export const CALL_OUTCOMES = ['booked', 'callback_requested', 'no_answer', 'busy', 'declined', 'wrong_number', 'consultation_only', 'duplicate'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export const CALL_DIRECTIONS = ['inbound', 'outbound'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];

/** What a call's outcome does to its lead: move it, leave it, or refuse (the lead is in a state the outcome contradicts). */
export type LeadEffect = { kind: 'move'; status: LeadStatus } | { kind: 'keep' } | { kind: 'refuse'; message: string };

/**
 * wrong_number and duplicate close the lead as junk; declined closes it as lost (with a reason); booked needs the
 * appointment made from the lead first (booking moves the lead, so the funnel counts only real appointments);
 * any other outcome starts work on an assigned lead and leaves other statuses alone.
 */
export function leadEffectOfCall(outcome: CallOutcome, current: LeadStatus): LeadEffect {
  const close = (status: LeadStatus): LeadEffect =>
    current === status
      ? { kind: 'keep' }
      : canMove(current, status)
        ? { kind: 'move', status }
        : { kind: 'refuse', message: `A ${current} lead cannot become ${status}` };
  switch (outcome) {
    case 'wrong_number':
    case 'duplicate':
      return close('junk');
    case 'declined':
      return close('lost');
    case 'booked':
      return current === 'booked'
        ? { kind: 'keep' }
        : { kind: 'refuse', message: 'Book the appointment from this lead first (POST /appointments with leadId), then record the call' };
    default:
      return current === 'assigned' ? { kind: 'move', status: 'in_progress' } : { kind: 'keep' };
  }
}

/**
 * When the clinic first reached out on this call: when it was answered, or for an outbound attempt (no answer,
 * busy), when it started. An inbound call nobody answered is no contact: the lead still waits for one.
 */
export function contactTimeOf(call: { direction: CallDirection; startedAt: Date; answeredAt: Date | null }): Date | null {
  return call.answeredAt ?? (call.direction === 'outbound' ? call.startedAt : null);
}
