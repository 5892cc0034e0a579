import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { affected, execute, returning, rows } from '../../database/sql.js';
import type { MessageChannel } from './message-types.js';
import { COLUMNS, type MessageRow, WITH_PATIENT } from './messages.repository.js';

/**
 * SQL of the delivery queue in the messages table: claims with FOR UPDATE SKIP LOCKED and a lease, the ends of
 * sending, delivery reports, and the automatic messages of appointments waiting to go.
 */
@Injectable()
export class MessageQueueRepository {
  /** Takes due messages for sending: marks them `sending` under this owner's lease; each claim counts as an attempt. */
  claimDue(owner: string, leaseSec: number, limit: number, em: EntityManager): Promise<MessageRow[]> {
    return returning<MessageRow>(
      em,
      `WITH due AS (SELECT id FROM messages WHERE status = 'queued' AND next_attempt_at <= now() ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED),
            m AS (UPDATE messages SET status = 'sending', locked_by = $1, locked_until = now() + make_interval(secs => $2), attempts = attempts + 1, updated_at = now()
                  WHERE id IN (SELECT id FROM due) RETURNING *)
       SELECT ${COLUMNS} FROM m ${WITH_PATIENT} ORDER BY m.next_attempt_at, m.id`,
      [owner, leaseSec, limit],
    );
  }

  /**
   * Messages whose sender died while sending (lease lapsed). Where the provider recognises repeats they are queued
   * again; elsewhere the message may have gone out, so it ends `failed` rather than risk a second copy.
   */
  async recoverStale(idempotentChannels: MessageChannel[], em: EntityManager): Promise<{ requeued: MessageRow[]; failed: MessageRow[] }> {
    const requeued = await returning<MessageRow>(
      em,
      `WITH m AS (UPDATE messages SET status = 'queued', locked_by = NULL, locked_until = NULL, next_attempt_at = now(), updated_at = now()
                  WHERE status = 'sending' AND locked_until < now() AND channel = ANY($1) RETURNING *)
       SELECT ${COLUMNS} FROM m ${WITH_PATIENT}`,
      [idempotentChannels],
    );
    const failed = await returning<MessageRow>(
      em,
      `WITH m AS (UPDATE messages SET status = 'failed', locked_by = NULL, locked_until = NULL, failed_at = now(), updated_at = now(),
                         failure_reason = 'outcome_unknown: sending was interrupted; it may have been delivered'
                  WHERE status = 'sending' AND locked_until < now() AND NOT channel = ANY($1) RETURNING *)
       SELECT ${COLUMNS} FROM m ${WITH_PATIENT}`,
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
    const ended = await returning<{ id: string }>(
      em,
      `UPDATE messages m SET ${set}, locked_by = NULL, locked_until = NULL, updated_at = now()
       FROM unnest($1::uuid[], $2::text[]) AS v (id, value) WHERE m.id = v.id AND m.locked_by = $3 AND m.status = 'sending' RETURNING m.id`,
      [items.map(([id]) => id), items.map(([, value]) => value), owner],
    );
    return ended.map((r) => r.id);
  }

  /** Back to the queue for a later attempt; `keepAttempt` false gives the attempt back (held for quiet hours or a provider pause). */
  async requeue(owner: string, items: { id: string; at: Date; reason: string | null; keepAttempt: boolean }[], em: EntityManager): Promise<string[]> {
    if (!items.length) return [];
    const requeued = await returning<{ id: string }>(
      em,
      `UPDATE messages m SET status = 'queued', next_attempt_at = v.at, failure_reason = coalesce(v.reason, m.failure_reason),
              attempts = CASE WHEN v.keep THEN m.attempts ELSE m.attempts - 1 END, locked_by = NULL, locked_until = NULL, updated_at = now()
       FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::boolean[]) AS v (id, at, reason, keep)
       WHERE m.id = v.id AND m.locked_by = $5 AND m.status = 'sending' RETURNING m.id`,
      [items.map((i) => i.id), items.map((i) => i.at), items.map((i) => i.reason), items.map((i) => i.keepAttempt), owner],
    );
    return requeued.map((r) => r.id);
  }

  /** A failed or cancelled message queued again by staff, with fresh attempts. */
  async retry(id: string, em: EntityManager): Promise<boolean> {
    const count = await affected(
      em,
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
       SELECT ${COLUMNS} FROM m ${WITH_PATIENT}`,
      [channel, providerMessageId, status, reason],
    );
    return row;
  }

  /** The automatic messages of an appointment still waiting to go (reminders, a confirmation not yet sent), locked until the transaction ends. */
  lockPendingOfAppointment(appointmentId: string, em: EntityManager): Promise<MessageRow[]> {
    return rows<MessageRow>(
      em,
      `SELECT ${COLUMNS} FROM messages m ${WITH_PATIENT} WHERE m.appointment_id = $1 AND m.status = 'queued' AND m.schedule_key IS NOT NULL FOR UPDATE OF m`,
      [appointmentId],
    );
  }

  async reschedule(id: string, values: { body: string; sendAt: Date; expiresAt: Date | null }, em: EntityManager): Promise<void> {
    await execute(em, `UPDATE messages SET body = $2, next_attempt_at = $3, expires_at = $4, updated_at = now() WHERE id = $1 AND status = 'queued'`, [
      id,
      values.body,
      values.sendAt,
      values.expiresAt,
    ]);
  }

  /** Withdraws queued messages (an appointment cancelled, a reminder no longer due); returns those withdrawn. */
  async withdraw(ids: string[], reason: string, em: EntityManager): Promise<string[]> {
    if (!ids.length) return [];
    const withdrawn = await returning<{ id: string }>(
      em,
      `UPDATE messages SET status = 'cancelled', failure_reason = $2, cancelled_at = now(), updated_at = now() WHERE id = ANY($1::uuid[]) AND status = 'queued' RETURNING id`,
      [ids, reason],
    );
    return withdrawn.map((r) => r.id);
  }
}
