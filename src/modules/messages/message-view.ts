import type { MessageView } from './dto/message.dto.js';
import type { MessageRow } from './messages.repository.js';

/** A restricted person's messages show that they exist, without the text or the address (only managers get them at all). */
export function toMessageView(m: MessageRow): MessageView {
  const hide = m.restricted;
  return {
    id: m.id,
    direction: m.direction,
    channel: m.channel,
    purpose: m.purpose,
    status: m.status,
    patientId: m.patientId,
    leadId: m.leadId,
    branchId: m.branchId,
    appointmentId: m.appointmentId,
    replyToId: m.replyToId,
    text: hide ? null : m.body,
    address: hide ? null : m.address,
    failureReason: m.failureReason,
    answer: m.answer,
    attempts: m.attempts,
    sendAt: m.status === 'queued' ? m.nextAttemptAt : null,
    sentAt: m.sentAt,
    deliveredAt: m.deliveredAt,
    failedAt: m.failedAt,
    cancelledAt: m.cancelledAt,
    answeredAt: m.answeredAt,
    createdBy: m.createdBy,
    createdAt: m.createdAt,
    restricted: hide,
    anonymized: m.anonymizedAt !== null,
  };
}

/** What screens learn live about a message: ids, channel and status; the text only with message.received, never for a restricted person. */
export function messageEventData(m: MessageRow, withText = false): Record<string, unknown> {
  return {
    messageId: m.id,
    patientId: m.patientId,
    leadId: m.leadId,
    branchId: m.branchId,
    appointmentId: m.appointmentId,
    direction: m.direction,
    channel: m.channel,
    purpose: m.purpose,
    status: m.status,
    failureReason: m.failureReason,
    restricted: m.restricted,
    ...(withText && !m.restricted ? { text: m.body } : {}),
    createdAt: m.createdAt.toISOString(),
  };
}
