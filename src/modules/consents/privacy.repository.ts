import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
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

/** SQL for erasure bookkeeping, and for the real-time outbox rows that mention a patient. */
@Injectable()
export class PrivacyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One erasure per person at a time (held until the transaction ends). */
  async lockSubject(patientId: string, em: EntityManager): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('privacy.erase:' || $1))`, [patientId]);
  }

  /** Lets the append-only consent tables null their personal columns, for this transaction only. */
  async beginErasure(patientId: string, em: EntityManager): Promise<void> {
    await this.lockSubject(patientId, em);
    await em.query(`SELECT set_config('clinicdesk.erasing', 'on', true)`);
  }

  async endErasure(em: EntityManager): Promise<void> {
    await em.query(`SELECT set_config('clinicdesk.erasing', 'off', true)`);
  }

  async insertDestructionLog(entry: DestructionLogEntry, em: EntityManager): Promise<{ id: string; performedAt: Date }> {
    const [row] = await em.query(
      `INSERT INTO destruction_log (patient_id, reason, categories, tables, rows_anonymized, subject_request_id, performed_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, performed_at AS "performedAt"`,
      [entry.patientId, entry.reason, entry.categories, entry.tables, entry.rowsAnonymized, entry.subjectRequestId, entry.performedBy],
    );
    return row;
  }

  /** Destruction records are kept three years. */
  async deleteExpiredDestructionLog(now: Date): Promise<number> {
    const [, affected] = await this.dataSource.query(`DELETE FROM destruction_log WHERE keep_until < $1`, [now]);
    return affected;
  }

  exportEvents(patientId: string, em: EntityManager): Promise<unknown[]> {
    return em.query(
      `SELECT id::text, type, payload, created_at AS "createdAt" FROM events WHERE payload ? 'patientId' AND payload ->> 'patientId' = $1 ORDER BY id`,
      [patientId],
    );
  }

  async eraseEvents(patientId: string, em: EntityManager): Promise<number> {
    const rows: { id: string; payload: unknown }[] = await em.query(
      `SELECT id::text, payload FROM events WHERE payload ? 'patientId' AND payload ->> 'patientId' = $1 FOR UPDATE`,
      [patientId],
    );
    for (const row of rows) {
      await em.query(`UPDATE events SET payload = $2 WHERE id = $1`, [row.id, JSON.stringify({ ...(scrubPayload(row.payload) as object), anonymized: true })]);
    }
    return rows.length;
  }
}
