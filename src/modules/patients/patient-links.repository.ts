import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { named } from '../../database/prepared-query.js';
import { execute, one, returning, rows } from '../../database/sql.js';

export interface DuplicateRow {
  candidateId: string;
  reason: string;
  createdAt: Date;
}

// Run for every inquiry: kept prepared.
const LOCK_PHONES = named('patients.lock-phones', `SELECT id, name, restricted, phone FROM lock_patient_phones($1::text[])`);

/** Duplicate suggestions and merges between patient records. */
@Injectable()
export class PatientLinksRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Serializes matching for these numbers until the transaction ends, so two inquiries at once cannot both create
   * "the" patient, and returns their living (not erased, not merged away) patients as they are once the locks are
   * held, each number's oldest first, with full names. The numbers are locked in one fixed order: batches of
   * inquiries with overlapping numbers wait for each other instead of deadlocking.
   */
  lockPhones(phones: string[], em: EntityManager): Promise<{ id: string; name: string; restricted: boolean; phone: string }[]> {
    return rows(em, LOCK_PHONES, [phones]);
  }

  /** Duplicate suggestions for new patients (each with the patients it may be), with one statement. */
  async suggestMany(pairs: Array<{ patientId: string; candidateIds: string[] }>, reason: 'same_phone' | 'same_email', em: EntityManager): Promise<void> {
    const flat = pairs.flatMap((p) => p.candidateIds.map((candidateId) => [p.patientId, candidateId] as const));
    if (!flat.length) return;
    await execute(
      em,
      `INSERT INTO patient_duplicates (patient_id, candidate_id, reason) SELECT unnest($1::uuid[]), unnest($2::uuid[]), $3 ON CONFLICT DO NOTHING`,
      [flat.map(([p]) => p), flat.map(([, c]) => c), reason],
    );
  }

  duplicatesOf(patientId: string, em: EntityManager = this.dataSource.manager): Promise<DuplicateRow[]> {
    return rows<DuplicateRow>(
      em,
      `SELECT CASE WHEN d.patient_id = $1 THEN d.candidate_id ELSE d.patient_id END AS "candidateId", d.reason, d.created_at AS "createdAt"
       FROM patient_duplicates d
       JOIN patients other ON other.id = CASE WHEN d.patient_id = $1 THEN d.candidate_id ELSE d.patient_id END
       WHERE (d.patient_id = $1 OR d.candidate_id = $1) AND d.dismissed_at IS NULL AND other.merged_into_id IS NULL AND other.anonymized_at IS NULL
       ORDER BY d.created_at`,
      [patientId],
    );
  }

  /**
   * Tables whose rows belong to a patient through a foreign key to patients(id) — found in the catalog, so a
   * table added later moves on merge without code changes. Append-only records (consents) keep their subject;
   * `patient_branches` follows the moved rows by its triggers.
   */
  referencingColumns(em: EntityManager = this.dataSource.manager): Promise<{ table: string; column: string }[]> {
    return rows(
      em,
      `SELECT c.conrelid::regclass::text AS table, a.attname AS column
       FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
       WHERE c.contype = 'f' AND c.confrelid = 'patients'::regclass AND array_length(c.conkey, 1) = 1
         AND c.conrelid::regclass::text NOT IN ('patients', 'patient_duplicates', 'patient_merges', 'patient_branches')
         AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.conrelid AND t.tgfoid = 'refuse_change'::regproc)
       ORDER BY 1, 2`,
    );
  }

  async moveRows(table: string, column: string, fromId: string, toId: string, em: EntityManager): Promise<string[]> {
    const moved = await returning<{ id: string }>(
      em,
      `UPDATE ${quoteIdent(table)} SET ${quoteIdent(column)} = $2 WHERE ${quoteIdent(column)} = $1 RETURNING id::text`,
      [fromId, toId],
    );
    return moved.map((r) => r.id);
  }

  async markMerged(mergedId: string, keptId: string, em: EntityManager): Promise<void> {
    await execute(em, `UPDATE patients SET merged_into_id = $2, updated_at = now() WHERE id = $1`, [mergedId, keptId]);
    await execute(
      em,
      `UPDATE patient_duplicates SET dismissed_at = now() WHERE (patient_id = $1 AND candidate_id = $2) OR (patient_id = $2 AND candidate_id = $1)`,
      [mergedId, keptId],
    );
  }

  async recordMerge(keptId: string, mergedId: string, mergedBy: string, moved: Record<string, string[]>, em: EntityManager): Promise<string> {
    const row = await one<{ id: string }>(
      em,
      `INSERT INTO patient_merges (kept_patient_id, merged_patient_id, merged_by, moved) VALUES ($1, $2, $3, $4) RETURNING id`,
      [keptId, mergedId, mergedBy, moved],
    );
    return row!.id;
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
