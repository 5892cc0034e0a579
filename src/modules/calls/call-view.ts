import type { CallbackView } from './dto/callback.dto.js';
import type { CallView } from './dto/call.dto.js';
import type { CallbackRow } from './callbacks.repository.js';
import type { CallRow } from './calls.repository.js';

/** A restricted person's calls and callbacks show that they happened, without the number, notes or recording. */
export function toCallView(c: CallRow): CallView {
  const hide = c.patientRestricted;
  return {
    id: c.id,
    leadId: c.leadId,
    patientId: c.patientId,
    operatorId: c.operatorId,
    sourceId: c.sourceId,
    externalCallId: c.externalCallId,
    direction: c.direction,
    phone: hide ? null : c.phone,
    extension: c.extension,
    startedAt: c.startedAt,
    answeredAt: c.answeredAt,
    endedAt: c.endedAt,
    durationSec: c.durationSec,
    missed: c.endedAt !== null && c.answeredAt === null,
    outcome: c.outcome,
    note: hide ? null : c.note,
    recordingUrl: hide ? null : c.recordingUrl,
    callbackId: c.callbackId,
    reviewScore: c.reviewScore,
    createdAt: c.createdAt,
  };
}

export function toCallbackView(c: CallbackRow): CallbackView {
  return {
    id: c.id,
    leadId: c.leadId,
    patientId: c.patientId,
    operatorId: c.operatorId,
    callId: c.callId,
    dueAt: c.dueAt,
    doneAt: c.doneAt,
    notifiedAt: c.notifiedAt,
    overdue: c.overdue,
    note: c.patientRestricted ? null : c.note,
    createdBy: c.createdBy,
    createdAt: c.createdAt,
  };
}
