import type { CallbackView } from './dto/callback.dto.js';
import type { CallView } from './dto/call.dto.js';
import type { CallbackRow } from './callbacks.repository.js';
import type { CallRow } from './calls.repository.js';

export function toCallView(c: CallRow): CallView {
  return {
    id: c.id, leadId: c.leadId, patientId: c.patientId, operatorId: c.operatorId, sourceId: c.sourceId, externalCallId: c.externalCallId,
    direction: c.direction, phone: c.phone, extension: c.extension, startedAt: c.startedAt, answeredAt: c.answeredAt, endedAt: c.endedAt,
    durationSec: c.durationSec, missed: c.endedAt !== null && c.answeredAt === null, outcome: c.outcome, note: c.note, recordingUrl: c.recordingUrl,
    callbackId: c.callbackId, createdAt: c.createdAt,
  };
}

export function toCallbackView(c: CallbackRow): CallbackView {
  return {
    id: c.id, leadId: c.leadId, patientId: c.patientId, operatorId: c.operatorId, callId: c.callId, dueAt: c.dueAt, doneAt: c.doneAt,
    notifiedAt: c.notifiedAt, overdue: c.overdue, note: c.note, createdBy: c.createdBy, createdAt: c.createdAt,
  };
}
