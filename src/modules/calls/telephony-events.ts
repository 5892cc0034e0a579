export const TELEPHONY_EVENT_TYPES = ['call_started', 'call_answered', 'call_ended'] as const;
export type TelephonyEventType = (typeof TELEPHONY_EVENT_TYPES)[number];

export interface CallTimes {
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  durationSec: number | null;
}

/**
 * The call's times after an event. `durationSec` on call_ended is the talk time (Asterisk's billsec): when no
 * call_answered came, a positive talk time means the call was answered that long before it ended; zero or none
 * means it was missed. Events may arrive out of order or be lost, so each one fills only what is still unknown.
 */
export function applyTelephonyEvent(current: CallTimes | null, type: TelephonyEventType, at: Date, durationSec?: number): CallTimes {
  const times: CallTimes = current
    ? { startedAt: current.startedAt, answeredAt: current.answeredAt, endedAt: current.endedAt, durationSec: current.durationSec }
    : { startedAt: at, answeredAt: null, endedAt: null, durationSec: null };
  if (type === 'call_started' && at < times.startedAt) times.startedAt = at;
  if (type === 'call_answered' && !times.answeredAt) times.answeredAt = at;
  if (type === 'call_ended') {
    times.endedAt = at;
    if (!times.answeredAt && durationSec && durationSec > 0) times.answeredAt = new Date(at.getTime() - durationSec * 1000);
    times.durationSec = durationSec ?? (times.answeredAt ? Math.max(0, Math.round((at.getTime() - times.answeredAt.getTime()) / 1000)) : 0);
  }
  // Clock differences between PBX events must not break the order the database insists on.
  if (times.answeredAt && times.answeredAt < times.startedAt) times.startedAt = times.answeredAt;
  if (times.endedAt && times.endedAt < (times.answeredAt ?? times.startedAt)) times.endedAt = times.answeredAt ?? times.startedAt;
  return times;
}
