import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { affected, execute, one, rows } from '../../database/sql.js';
import { scrubPayload } from './event-payload.js';

export type DestructionReason = 'subject_request' | 'consent_withdrawn' | 'retention_expired' | 'other';

export interface DestructionLogEntry {
  patientId: string;
  reason: DestructionReason;
  categories: string[];
  tables: string[];
  rowsAnonymized: number;
  subjectRequestId: string | null;
  performedBy: string | null;
}

/**
 * A person who inquired but never came, with nothing new about them since $1: no visit ever (an arrived or
 * completed appointment), no card change, lead activity, call, appointment or consent since then, not erased
 * yet and no open subject request. The clinic then has no purpose left to keep their data.
 */
const EXPIRED_INQUIRY = `p.anonymized_at IS NULL AND p.created_at < $1 AND p.updated_at < $1
  AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.patient_id = p.id AND (a.status IN ('arrived', 'completed') OR a.created_at >= $1 OR a.starts_at >= $1))
  AND NOT EXISTS (SELECT 1 FROM leads l WHERE l.patient_id = p.id AND l.updated_at >= $1)
  AND NOT EXISTS (SELECT 1 FROM calls c WHERE c.patient_id = p.id AND c.started_at >= $1)
  AND NOT EXISTS (SELECT 1 FROM consents k WHERE k.patient_id = p.id AND k.granted_at >= $1)
  AND NOT EXISTS (SELECT 1 FROM subject_requests r WHERE r.patient_id = p.id AND r.status = 'open')`;

/** SQL for erasure bookkeeping, retention, and the real-time outbox rows that mention a patient. */
@Injectable()
export class PrivacyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One erasure per person at a time (held until the transaction ends). */
  async lockSubject(patientId: string, em: EntityManager): Promise<void> {
    await execute(em, `SELECT pg_advisory_xact_lock(hashtext('privacy.erase:' || $1))`, [patientId]);
  }

  /** Lets the append-only consent tables null their personal columns, for this transaction only. */
  async beginErasure(patientId: string, em: EntityManager): Promise<void> {
    await this.lockSubject(patientId, em);
    await execute(em, `SELECT set_config('clinicdesk.erasing', 'on', true)`);
  }

  async endErasure(em: EntityManager): Promise<void> {
    await execute(em, `SELECT set_config('clinicdesk.erasing', 'off', true)`);
  }

  async insertDestructionLog(entry: DestructionLogEntry, em: EntityManager): Promise<{ id: string; performedAt: Date }> {
    const row = await one<{ id: string; performedAt: Date }>(
      em,
      `INSERT INTO destruction_log (patient_id, reason, categories, tables, rows_anonymized, subject_request_id, performed_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, performed_at AS "performedAt"`,
      [entry.patientId, entry.reason, entry.categories, entry.tables, entry.rowsAnonymized, entry.subjectRequestId, entry.performedBy],
    );
    return row!;
  }

  /** Up to `limit` people whose inquiry expired before `cutoff`, oldest first. */
  async expiredInquiries(cutoff: Date, limit: number): Promise<string[]> {
    const expired = await rows<{ id: string }>(this.dataSource, `SELECT p.id FROM patients p WHERE ${EXPIRED_INQUIRY} ORDER BY p.created_at LIMIT $2`, [
      cutoff,
      limit,
    ]);
    return expired.map((r) => r.id);
  }

  /**
   * Whether the person's inquiry is still expired, checked in the erasure transaction after locking their card:
   * a lead, call or appointment being added for them shares that row through its foreign key, so the lock waits for
   * it, and the check (a statement of its own, so it sees what committed meanwhile) then finds it.
   */
  async stillExpiredInquiry(patientId: string, cutoff: Date, em: EntityManager): Promise<boolean> {
    await execute(em, `SELECT 1 FROM patients WHERE id = $1 FOR UPDATE`, [patientId]);
    const row = await one<{ expired: boolean }>(em, `SELECT EXISTS (SELECT 1 FROM patients p WHERE p.id = $2 AND ${EXPIRED_INQUIRY}) AS expired`, [
      cutoff,
      patientId,
    ]);
    return row!.expired;
  }

  /** Destruction records are kept three years. */
  deleteExpiredDestructionLog(now: Date, em: EntityManager): Promise<number> {
    return affected(em, `DELETE FROM destruction_log WHERE keep_until < $1`, [now]);
  }

  exportEvents(patientId: string, em: EntityManager): Promise<Record<string, unknown>[]> {
    return rows<Record<string, unknown>>(
      em,
      `SELECT e.id::text, e.type, e.payload, e.created_at AS "createdAt" FROM events e WHERE e.payload ? 'patientId' AND e.payload ->> 'patientId' = $1 ORDER BY e.id`,
      [patientId],
    );
  }

  async eraseEvents(patientId: string, em: EntityManager): Promise<number> {
    const mentioning = await rows<{ id: string; payload: unknown }>(
      em,
      `SELECT id::text, payload FROM events WHERE payload ? 'patientId' AND payload ->> 'patientId' = $1 FOR UPDATE`,
      [patientId],
    );
    for (const row of mentioning) {
      await execute(em, `UPDATE events SET payload = $2 WHERE id = $1`, [
        row.id,
        JSON.stringify({ ...(scrubPayload(row.payload) as object), anonymized: true }),
      ]);
    }
    return mentioning.length;
  }
}
