import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { BranchScope } from '../../common/access/access-policy.js';
import type { Cursor } from '../../common/http/pagination.js';
import { Where } from '../../common/sql/where.js';
import type { CommentRef, MessageChannel, MessageDirection, MessagePurpose, MessageStatus } from './message-types.js';
import { affected, one, returning, rows } from '../../database/sql.js';
import { JOINED_PATIENT_NOT_RESTRICTED, JOINED_PATIENT_RESTRICTED, joinPatient } from '../patients/patient-sql.js';

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
  ${JOINED_PATIENT_RESTRICTED} AS restricted`;

/** The message `m` with its person, for `COLUMNS`: `FROM messages m` and, from a statement's RETURNING, `FROM m` (a WITH query named m). */
export const WITH_PATIENT = joinPatient('m.patient_id', { optional: true });
const FROM = `FROM messages m ${WITH_PATIENT}`;

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

/** SQL of the messages table for threads: storing what came and what goes, reading threads, answers, and a person's messages for their rights. The delivery queue is in `message-queue.repository.ts`. */
@Injectable()
export class MessagesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Null when a message with the same schedule key exists for the appointment (one confirmation, one reminder per offset). */
  async insertOutbound(v: NewOutbound, em: EntityManager): Promise<MessageRow | null> {
    const [row] = await returning<MessageRow>(
      em,
      `WITH m AS (
         INSERT INTO messages (direction, status, channel, purpose, patient_id, lead_id, branch_id, appointment_id, source_id, reply_to_id, schedule_key,
                               body, address, external_user_id, external_ref, next_attempt_at, expires_at, max_attempts, created_by, unsubscribe_token_hash)
         VALUES ('out', 'queued', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
         ON CONFLICT (appointment_id, schedule_key) WHERE schedule_key IS NOT NULL AND status <> 'cancelled' DO NOTHING RETURNING *)
       SELECT ${COLUMNS} FROM m ${WITH_PATIENT}`,
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
    const [row] = await returning<MessageRow>(
      em,
      `WITH m AS (
         INSERT INTO messages (direction, status, channel, patient_id, lead_id, branch_id, source_id, reply_to_id, body, external_user_id, external_ref, provider_message_id)
         VALUES ('in', 'received', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING *)
       SELECT ${COLUMNS} FROM m ${WITH_PATIENT}`,
      [v.channel, v.patientId, v.leadId, v.branchId, v.sourceId, v.replyToId, v.body, v.externalUserId, v.externalRef, v.providerMessageId],
    );
    return row ?? null;
  }

  findById(id: string, em: EntityManager = this.dataSource.manager): Promise<MessageRow | undefined> {
    return one<MessageRow>(em, `SELECT ${COLUMNS} ${FROM} WHERE m.id = $1`, [id]);
  }

  /** The message, locked until the transaction ends, so answers, retries and replies to it apply one after another. */
  lockById(id: string, em: EntityManager): Promise<MessageRow | undefined> {
    return one<MessageRow>(em, `SELECT ${COLUMNS} ${FROM} WHERE m.id = $1 FOR UPDATE OF m`, [id]);
  }

  list(f: MessageListFilter): Promise<MessageRow[]> {
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
    if (f.hideRestricted) where.and(JOINED_PATIENT_NOT_RESTRICTED);
    if (f.after) where.and('(m.created_at, m.id) < (?, ?)', f.after.at, f.after.id);
    return rows<MessageRow>(
      this.dataSource,
      `SELECT ${COLUMNS} ${FROM} ${where} ORDER BY m.created_at DESC, m.id DESC LIMIT ${where.add(f.limit)}`,
      where.values,
    );
  }

  /** The messenger the person last wrote from: where to answer them. */
  lastMessengerOf(
    patientId: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<{ channel: 'telegram' | 'vk'; sourceId: string; externalUserId: string } | undefined> {
    return one(
      em,
      `SELECT channel, source_id AS "sourceId", external_user_id AS "externalUserId" FROM messages
       WHERE patient_id = $1 AND direction = 'in' AND channel IN ('telegram', 'vk') AND external_user_id IS NOT NULL AND source_id IS NOT NULL
       ORDER BY created_at DESC LIMIT 1`,
      [patientId],
    );
  }

  /** The person behind a messenger chat, from earlier messages with it. */
  async patientOfChat(sourceId: string, externalUserId: string, em: EntityManager = this.dataSource.manager): Promise<string | undefined> {
    const row = await one<{ id: string }>(
      em,
      `SELECT patient_id AS id FROM messages WHERE source_id = $1 AND external_user_id = $2 AND patient_id IS NOT NULL ORDER BY created_at DESC LIMIT 1`,
      [sourceId, externalUserId],
    );
    return row?.id;
  }

  /** Of these patients, those who wrote to the clinic themselves (a reply to them needs no other ground). */
  async wroteToUs(patientIds: string[], em: EntityManager = this.dataSource.manager): Promise<Set<string>> {
    if (!patientIds.length) return new Set();
    const found = await rows<{ id: string }>(em, `SELECT DISTINCT patient_id AS id FROM messages WHERE direction = 'in' AND patient_id = ANY($1::uuid[])`, [
      patientIds,
    ]);
    return new Set(found.map((r) => r.id));
  }

  /**
   * The latest message sent to this chat that still waits for an answer, locked until the transaction ends: a
   * confirmation or reminder of a coming visit, or a feedback request; within `withinHours`.
   */
  lockAwaitingAnswer(
    sourceId: string,
    externalUserId: string,
    purposes: MessagePurpose[],
    withinHours: number,
    em: EntityManager,
  ): Promise<MessageRow | undefined> {
    return one<MessageRow>(
      em,
      `SELECT ${COLUMNS} ${FROM}
       WHERE m.source_id = $1 AND m.external_user_id = $2 AND m.direction = 'out' AND m.purpose = ANY($3) AND m.status IN ('sent', 'delivered')
         AND m.answer IS NULL AND m.sent_at > now() - make_interval(hours => $4)
       ORDER BY m.sent_at DESC LIMIT 1 FOR UPDATE OF m`,
      [sourceId, externalUserId, purposes, withinHours],
    );
  }

  async setAnswer(id: string, answer: 'confirmed' | 'cancelled' | 'rated', em: EntityManager): Promise<boolean> {
    return (await affected(em, `UPDATE messages SET answer = $2, answered_at = now(), updated_at = now() WHERE id = $1 AND answer IS NULL`, [id, answer])) > 0;
  }

  findByUnsubscribeHash(hash: Buffer): Promise<MessageRow | undefined> {
    return one<MessageRow>(this.dataSource, `SELECT ${COLUMNS} ${FROM} WHERE m.unsubscribe_token_hash = $1`, [hash]);
  }

  /** Whether a reply (by staff) followed the person's message: a messenger lead's first contact. */
  async inboundSince(patientId: string, since: Date, em: EntityManager = this.dataSource.manager): Promise<boolean> {
    const row = await one<{ found: boolean }>(
      em,
      `SELECT EXISTS (SELECT 1 FROM messages WHERE patient_id = $1 AND direction = 'in' AND created_at > $2) AS found`,
      [patientId, since],
    );
    return row!.found;
  }

  exportForPatient(patientId: string, em: EntityManager): Promise<Record<string, unknown>[]> {
    return rows<Record<string, unknown>>(
      em,
      `SELECT id, direction, channel, purpose, status, body, address, external_user_id AS "externalUserId", external_ref AS "externalRef",
              failure_reason AS "failureReason", answer, created_at AS "createdAt", sent_at AS "sentAt", delivered_at AS "deliveredAt"
       FROM messages WHERE patient_id = $1 ORDER BY created_at, id`,
      [patientId],
    );
  }

  /** Erasure: texts and addresses go; the rows (channel, purpose, status, dates) stay, so counts do not change. */
  eraseForPatient(patientId: string, em: EntityManager): Promise<number> {
    return affected(
      em,
      `UPDATE messages SET body = NULL, address = NULL, external_user_id = NULL, external_ref = NULL, unsubscribe_token_hash = NULL,
              status = CASE WHEN status IN ('queued', 'sending') THEN 'cancelled' ELSE status END,
              cancelled_at = CASE WHEN status IN ('queued', 'sending') THEN now() ELSE cancelled_at END,
              anonymized_at = now(), updated_at = now()
       WHERE patient_id = $1`,
      [patientId],
    );
  }
}
