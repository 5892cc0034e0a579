import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { BranchScope } from '../../common/access/access-policy.js';
import type { Cursor } from '../../common/http/pagination.js';
import { Where } from '../../common/sql/where.js';
import type { CommentRef, MessageChannel, MessageDirection, MessagePurpose, MessageStatus } from './message-types.js';
import { returning } from '../../database/sql.js';

export interface MessageRow {
  id: string;
  direction: MessageDirection;
  channel: MessageChannel;
  purpose: MessagePurpose | null;
  status: MessageStatus;
  patientId: string | null;
  leadId: string | null;
  branchId: string | null;
  appointmentId: string | null;
  sourceId: string | null;
  replyToId: string | null;
  scheduleKey: string | null;
  body: string | null;
  address: string | null;
  externalUserId: string | null;
  externalRef: CommentRef | null;
  providerMessageId: string | null;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: Date | null;
  expiresAt: Date | null;
  failureReason: string | null;
  answer: 'confirmed' | 'cancelled' | 'rated' | null;
  answeredAt: Date | null;
  createdBy: string | null;
  sentAt: Date | null;
  deliveredAt: Date | null;
  failedAt: Date | null;
  cancelledAt: Date | null;
  anonymizedAt: Date | null;
  createdAt: Date;
  /** From the patient: whether processing of their data is restricted. */
  restricted: boolean;
}

export interface NewOutbound {
  channel: MessageChannel;
  purpose: MessagePurpose;
  patientId: string | null;
  leadId: string | null;
  branchId: string | null;
  appointmentId: string | null;
  sourceId: string | null;
  replyToId: string | null;
  scheduleKey: string | null;
  body: string;
  address: string;
  externalUserId: string | null;
  externalRef: CommentRef | null;
  sendAt: Date;
  expiresAt: Date | null;
  maxAttempts: number;
  createdBy: string | null;
  unsubscribeTokenHash: Buffer | null;
}

export interface NewInbound {
  channel: MessageChannel;
  patientId: string | null;
  leadId: string | null;
  branchId: string | null;
  sourceId: string | null;
  replyToId: string | null;
  body: string | null;
  externalUserId: string | null;
  externalRef: CommentRef | null;
  providerMessageId: string | null;
}

export const COLUMNS = `m.id, m.direction, m.channel, m.purpose, m.status, m.patient_id AS "patientId", m.lead_id AS "leadId", m.branch_id AS "branchId",
  m.appointment_id AS "appointmentId", m.source_id AS "sourceId", m.reply_to_id AS "replyToId", m.schedule_key AS "scheduleKey", m.body, m.address,
  m.external_user_id AS "externalUserId", m.external_ref AS "externalRef", m.provider_message_id AS "providerMessageId", m.attempts,
  m.max_attempts AS "maxAttempts", m.next_attempt_at AS "nextAttemptAt", m.expires_at AS "expiresAt", m.failure_reason AS "failureReason",
  m.answer, m.answered_at AS "answeredAt", m.created_by AS "createdBy", m.sent_at AS "sentAt", m.delivered_at AS "deliveredAt",
  m.failed_at AS "failedAt", m.cancelled_at AS "cancelledAt", m.anonymized_at AS "anonymizedAt", m.created_at AS "createdAt",
  coalesce(p.restricted_at IS NOT NULL, false) AS restricted`;
const FROM = `FROM messages m LEFT JOIN patients p ON p.id = m.patient_id`;

/** em.query answers UPDATE ... RETURNING with [rows, count]. */

export interface MessageListFilter {
  patientId?: string;
  leadId?: string;
  status?: MessageStatus;
  channel?: MessageChannel;
  direction?: MessageDirection;
  /** Messages that belong to nobody known yet (public comments of strangers). */
  unlinked?: boolean;
  from?: Date;
  to?: Date;
  scope: BranchScope;
  hideRestricted: boolean;
  after?: Cursor;
  limit: number;
}

/** SQL of the messages table: threads, the delivery queue (claims with FOR UPDATE SKIP LOCKED and a lease) and answers. */
@Injectable()
export class MessagesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Null when a message with the same schedule key exists for the appointment (one confirmation, one reminder per offset). */
  async insertOutbound(v: NewOutbound, em: EntityManager): Promise<MessageRow | null> {
    const [row] = await em.query(
      `WITH m AS (
         INSERT INTO messages (direction, status, channel, purpose, patient_id, lead_id, branch_id, appointment_id, source_id, reply_to_id, schedule_key,
                               body, address, external_user_id, external_ref, next_attempt_at, expires_at, max_attempts, created_by, unsubscribe_token_hash)
         VALUES ('out', 'queued', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
         ON CONFLICT (appointment_id, schedule_key) WHERE schedule_key IS NOT NULL AND status <> 'cancelled' DO NOTHING RETURNING *)
       SELECT ${COLUMNS} FROM m LEFT JOIN patients p ON p.id = m.patient_id`,
      [
        v.channel,
        v.purpose,
        v.patientId,
        v.leadId,
        v.branchId,
        v.appointmentId,
        v.sourceId,
        v.replyToId,
        v.scheduleKey,
        v.body,
        v.address,
        v.externalUserId,
        v.externalRef,
        v.sendAt,
        v.expiresAt,
        v.maxAttempts,
        v.createdBy,
        v.unsubscribeTokenHash,
      ],
    );
    return row ?? null;
  }

  /** An inbound message; null when this provider message was stored before (a retried webhook). */
  async insertInbound(v: NewInbound, em: EntityManager): Promise<MessageRow | null> {
    const [row] = await em.query(
      `WITH m AS (
         INSERT INTO messages (direction, status, channel, patient_id, lead_id, branch_id, source_id, reply_to_id, body, external_user_id, external_ref, provider_message_id)
         VALUES ('in', 'received', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING *)
       SELECT ${COLUMNS} FROM m LEFT JOIN patients p ON p.id = m.patient_id`,
      [v.channel, v.patientId, v.leadId, v.branchId, v.sourceId, v.replyToId, v.body, v.externalUserId, v.externalRef, v.providerMessageId],
    );
    return row ?? null;
  }

  async findById(id: string, em: EntityManager = this.dataSource.manager, lock = false): Promise<MessageRow | undefined> {
    const [row] = await em.query(`SELECT ${COLUMNS} ${FROM} WHERE m.id = $1${lock ? ' FOR UPDATE OF m' : ''}`, [id]);
    return row;
  }

  async list(f: MessageListFilter): Promise<MessageRow[]> {
    const where = new Where();
    if (f.patientId) where.and('m.patient_id = ?', f.patientId);
    if (f.leadId) where.and('m.lead_id = ?', f.leadId);
    if (f.status) where.and('m.status = ?', f.status);
    if (f.channel) where.and('m.channel = ?', f.channel);
    if (f.direction) where.and('m.direction = ?', f.direction);
    if (f.unlinked) where.and('m.patient_id IS NULL');
    if (f.from) where.and('m.created_at >= ?', f.from);
    if (f.to) where.and('m.created_at < ?', f.to);
    where.inScope('m.branch_id', f.scope);
    if (f.hideRestricted) where.and('p.restricted_at IS NULL');
    if (f.after) where.and('(m.created_at, m.id) < (?, ?)', f.after.at, f.after.id);
    return this.dataSource.query(`SELECT ${COLUMNS} ${FROM} ${where} ORDER BY m.created_at DESC, m.id DESC LIMIT ${where.add(f.limit)}`, where.values);
  }

  /** Takes due messages for sending: marks them `sending` under this owner's lease; each claim counts as an attempt. */
  async claimDue(owner: string, leaseSec: number, limit: number): Promise<MessageRow[]> {
    const rows = await this.dataSource.query(
      `WITH due AS (SELECT id FROM messages WHERE status = 'queued' AND next_attempt_at <= now() ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED),
            m AS (UPDATE messages SET status = 'sending', locked_by = $1, locked_until = now() + make_interval(secs => $2), attempts = attempts + 1, updated_at = now()
                  WHERE id IN (SELECT id FROM due) RETURNING *)
       SELECT ${COLUMNS} FROM m LEFT JOIN patients p ON p.id = m.patient_id ORDER BY m.next_attempt_at, m.id`,
      [owner, leaseSec, limit],
    );
    return rows;
  }

  /**
   * Messages whose sender died while sending (lease lapsed). Where the provider recognises repeats they are queued
   * again; elsewhere the message may have gone out, so it ends `failed` rather than risk a second copy.
   */
  async recoverStale(idempotentChannels: MessageChannel[]): Promise<{ requeued: MessageRow[]; failed: MessageRow[] }> {
    const requeued = await this.dataSource.query(
      `WITH m AS (UPDATE messages SET status = 'queued', locked_by = NULL, locked_until = NULL, next_attempt_at = now(), updated_at = now()
                  WHERE status = 'sending' AND locked_until < now() AND channel = ANY($1) RETURNING *)
       SELECT ${COLUMNS} FROM m LEFT JOIN patients p ON p.id = m.patient_id`,
      [idempotentChannels],
    );
    const failed = await this.dataSource.query(
      `WITH m AS (UPDATE messages SET status = 'failed', locked_by = NULL, locked_until = NULL, failed_at = now(), updated_at = now(),
                         failure_reason = 'outcome_unknown: sending was interrupted; it may have been delivered'
                  WHERE status = 'sending' AND locked_until < now() AND NOT channel = ANY($1) RETURNING *)
       SELECT ${COLUMNS} FROM m LEFT JOIN patients p ON p.id = m.patient_id`,
      [idempotentChannels],
    );
    return { requeued, failed };
  }

  markSent(owner: string, items: { id: string; providerMessageId: string | null }[], em: EntityManager): Promise<string[]> {
    return this.endSending(
      owner,
      items.map((i) => [i.id, i.providerMessageId]),
      `status = 'sent', provider_message_id = v.value, sent_at = now(), failure_reason = NULL`,
      em,
    );
  }

  markFailed(owner: string, items: { id: string; reason: string }[], em: EntityManager): Promise<string[]> {
    return this.endSending(
      owner,
      items.map((i) => [i.id, i.reason.slice(0, 300)]),
      `status = 'failed', failure_reason = v.value, failed_at = now()`,
      em,
    );
  }

  markCancelled(owner: string, items: { id: string; reason: string }[], em: EntityManager): Promise<string[]> {
    return this.endSending(
      owner,
      items.map((i) => [i.id, i.reason.slice(0, 300)]),
      `status = 'cancelled', failure_reason = v.value, cancelled_at = now()`,
      em,
    );
  }

  /** Ends this owner's sending of each message with `set`, where `v.value` is the item's provider id or reason; returns the ids changed. */
  private async endSending(owner: string, items: Array<[string, string | null]>, set: string, em: EntityManager): Promise<string[]> {
    if (!items.length) return [];
    const rows = await returning<{ id: string }>(
      em,
      `UPDATE messages m SET ${set}, locked_by = NULL, locked_until = NULL, updated_at = now()
       FROM unnest($1::uuid[], $2::text[]) AS v (id, value) WHERE m.id = v.id AND m.locked_by = $3 AND m.status = 'sending' RETURNING m.id`,
      [items.map(([id]) => id), items.map(([, value]) => value), owner],
    );
    return rows.map((r) => r.id);
  }

  /** Back to the queue for a later attempt; `keepAttempt` false gives the attempt back (held for quiet hours or a provider pause). */
  async requeue(owner: string, items: { id: string; at: Date; reason: string | null; keepAttempt: boolean }[], em: EntityManager): Promise<string[]> {
    if (!items.length) return [];
    const rows = await returning<{ id: string }>(
      em,
      `UPDATE messages m SET status = 'queued', next_attempt_at = v.at, failure_reason = coalesce(v.reason, m.failure_reason),
              attempts = CASE WHEN v.keep THEN m.attempts ELSE m.attempts - 1 END, locked_by = NULL, locked_until = NULL, updated_at = now()
       FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::boolean[]) AS v (id, at, reason, keep)
       WHERE m.id = v.id AND m.locked_by = $5 AND m.status = 'sending' RETURNING m.id`,
      [items.map((i) => i.id), items.map((i) => i.at), items.map((i) => i.reason), items.map((i) => i.keepAttempt), owner],
    );
    return rows.map((r) => r.id);
  }

  /** A failed or cancelled message queued again by staff, with fresh attempts. */
  async retry(id: string, em: EntityManager): Promise<boolean> {
    const [, count] = await em.query(
      `UPDATE messages SET status = 'queued', attempts = 0, next_attempt_at = now(), failure_reason = NULL, failed_at = NULL, cancelled_at = NULL,
              expires_at = CASE WHEN expires_at < now() THEN NULL ELSE expires_at END, updated_at = now()
       WHERE id = $1 AND status IN ('failed', 'cancelled')`,
      [id],
    );
    return count > 0;
  }

  /** A delivery report from the provider (SMS.ru's callback): only moves forward, never back. */
  async markDelivery(
    channel: MessageChannel,
    providerMessageId: string,
    status: 'delivered' | 'failed',
    reason: string | null,
    em: EntityManager,
  ): Promise<MessageRow | undefined> {
    const [row] = await returning<MessageRow>(
      em,
      `WITH m AS (UPDATE messages SET status = $3, delivered_at = CASE WHEN $3 = 'delivered' THEN now() END,
                         failed_at = CASE WHEN $3 = 'failed' THEN now() END, failure_reason = $4, updated_at = now()
                  WHERE channel = $1 AND direction = 'out' AND provider_message_id = $2 AND status = 'sent' RETURNING *)
       SELECT ${COLUMNS} FROM m LEFT JOIN patients p ON p.id = m.patient_id`,
      [channel, providerMessageId, status, reason],
    );
    return row;
  }

  /** The automatic messages of an appointment still waiting to go (reminders, a confirmation not yet sent). */
  pendingOfAppointment(appointmentId: string, em: EntityManager): Promise<MessageRow[]> {
    return em.query(`SELECT ${COLUMNS} ${FROM} WHERE m.appointment_id = $1 AND m.status = 'queued' AND m.schedule_key IS NOT NULL FOR UPDATE OF m`, [
      appointmentId,
    ]);
  }

  async reschedule(id: string, values: { body: string; sendAt: Date; expiresAt: Date | null }, em: EntityManager): Promise<void> {
    await em.query(`UPDATE messages SET body = $2, next_attempt_at = $3, expires_at = $4, updated_at = now() WHERE id = $1 AND status = 'queued'`, [
      id,
      values.body,
      values.sendAt,
      values.expiresAt,
    ]);
  }

  /** Withdraws queued messages (an appointment cancelled, a reminder no longer due); returns those withdrawn. */
  async withdraw(ids: string[], reason: string, em: EntityManager): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await returning<{ id: string }>(
      em,
      `UPDATE messages SET status = 'cancelled', failure_reason = $2, cancelled_at = now(), updated_at = now() WHERE id = ANY($1::uuid[]) AND status = 'queued' RETURNING id`,
      [ids, reason],
    );
    return rows.map((r) => r.id);
  }

  /** The messenger the person last wrote from: where to answer them. */
  async lastMessengerOf(
    patientId: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<{ channel: 'telegram' | 'vk'; sourceId: string; externalUserId: string } | undefined> {
    const [row] = await em.query(
      `SELECT channel, source_id AS "sourceId", external_user_id AS "externalUserId" FROM messages
       WHERE patient_id = $1 AND direction = 'in' AND channel IN ('telegram', 'vk') AND external_user_id IS NOT NULL AND source_id IS NOT NULL
       ORDER BY created_at DESC LIMIT 1`,
      [patientId],
    );
    return row;
  }

  /** The person behind a messenger chat, from earlier messages with it. */
  async patientOfChat(sourceId: string, externalUserId: string, em: EntityManager): Promise<string | undefined> {
    const [row] = await em.query(
      `SELECT patient_id AS id FROM messages WHERE source_id = $1 AND external_user_id = $2 AND patient_id IS NOT NULL ORDER BY created_at DESC LIMIT 1`,
      [sourceId, externalUserId],
    );
    return row?.id;
  }

  /** Of these patients, those who wrote to the clinic themselves (a reply to them needs no other ground). */
  async wroteToUs(patientIds: string[], em: EntityManager = this.dataSource.manager): Promise<Set<string>> {
    if (!patientIds.length) return new Set();
    const rows: { id: string }[] = await em.query(`SELECT DISTINCT patient_id AS id FROM messages WHERE direction = 'in' AND patient_id = ANY($1::uuid[])`, [
      patientIds,
    ]);
    return new Set(rows.map((r) => r.id));
  }

  /**
   * The latest message sent to this chat that still waits for an answer: a confirmation or reminder of a coming visit,
   * or a feedback request; within `withinHours`.
   */
  async awaitingAnswer(
    sourceId: string,
    externalUserId: string,
    purposes: MessagePurpose[],
    withinHours: number,
    em: EntityManager,
  ): Promise<MessageRow | undefined> {
    const [row] = await em.query(
      `SELECT ${COLUMNS} ${FROM}
       WHERE m.source_id = $1 AND m.external_user_id = $2 AND m.direction = 'out' AND m.purpose = ANY($3) AND m.status IN ('sent', 'delivered')
         AND m.answer IS NULL AND m.sent_at > now() - make_interval(hours => $4)
       ORDER BY m.sent_at DESC LIMIT 1 FOR UPDATE OF m`,
      [sourceId, externalUserId, purposes, withinHours],
    );
    return row;
  }

  async setAnswer(id: string, answer: 'confirmed' | 'cancelled' | 'rated', em: EntityManager): Promise<boolean> {
    const [, count] = await em.query(`UPDATE messages SET answer = $2, answered_at = now(), updated_at = now() WHERE id = $1 AND answer IS NULL`, [id, answer]);
    return count > 0;
  }

  async findByUnsubscribeHash(hash: Buffer): Promise<MessageRow | undefined> {
    const [row] = await this.dataSource.query(`SELECT ${COLUMNS} ${FROM} WHERE m.unsubscribe_token_hash = $1`, [hash]);
    return row;
  }

  /** Whether a reply (by staff) followed the person's message: a messenger lead's first contact. */
  async inboundSince(patientId: string, since: Date, em: EntityManager = this.dataSource.manager): Promise<boolean> {
    const [row] = await em.query(`SELECT EXISTS (SELECT 1 FROM messages WHERE patient_id = $1 AND direction = 'in' AND created_at > $2) AS found`, [
      patientId,
      since,
    ]);
    return row.found;
  }

  // Opt-outs: a row means the person asked for no more automatic messages.

  async optOut(
    patientId: string,
    method: 'reply_word' | 'unsubscribe_link' | 'staff',
    messageId: string | null,
    actorId: string | null,
    em: EntityManager,
  ): Promise<boolean> {
    const rows = await em.query(
      `INSERT INTO message_opt_outs (patient_id, method, message_id, actor_id) SELECT $1, $2, $3, $4
       WHERE NOT EXISTS (SELECT 1 FROM message_opt_outs WHERE patient_id = $1) RETURNING id`,
      [patientId, method, messageId, actorId],
    );
    return rows.length > 0;
  }

  async optIn(patientId: string, em: EntityManager): Promise<boolean> {
    const [, count] = await em.query(`DELETE FROM message_opt_outs WHERE patient_id = $1`, [patientId]);
    return count > 0;
  }

  async optedOutAmong(patientIds: string[], em: EntityManager = this.dataSource.manager): Promise<Set<string>> {
    if (!patientIds.length) return new Set();
    const rows: { id: string }[] = await em.query(`SELECT DISTINCT patient_id AS id FROM message_opt_outs WHERE patient_id = ANY($1::uuid[])`, [patientIds]);
    return new Set(rows.map((r) => r.id));
  }

  exportForPatient(patientId: string, em: EntityManager): Promise<unknown[]> {
    return em.query(
      `SELECT id, direction, channel, purpose, status, body, address, external_user_id AS "externalUserId", external_ref AS "externalRef",
              failure_reason AS "failureReason", answer, created_at AS "createdAt", sent_at AS "sentAt", delivered_at AS "deliveredAt"
       FROM messages WHERE patient_id = $1 ORDER BY created_at, id`,
      [patientId],
    );
  }

  /** Erasure: texts and addresses go; the rows (channel, purpose, status, dates) stay, so counts do not change. */
  async eraseForPatient(patientId: string, em: EntityManager): Promise<number> {
    const [, count] = await em.query(
      `UPDATE messages SET body = NULL, address = NULL, external_user_id = NULL, external_ref = NULL, unsubscribe_token_hash = NULL,
              status = CASE WHEN status IN ('queued', 'sending') THEN 'cancelled' ELSE status END,
              cancelled_at = CASE WHEN status IN ('queued', 'sending') THEN now() ELSE cancelled_at END,
              anonymized_at = now(), updated_at = now()
       WHERE patient_id = $1`,
      [patientId],
    );
    return count ?? 0;
  }
}
