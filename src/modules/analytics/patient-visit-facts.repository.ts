import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { affected, execute, one, rows } from '../../database/sql.js';
import { COMPLETED } from '../leads/funnel-definitions.js';

/** The SQL of the patients' visit facts (`patient_visit_facts`): state, change notes, recomputing patients. */
@Injectable()
export class PatientVisitFactsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Whether the facts were ever built, and whether changes wait to be applied. */
  async state(): Promise<{ current: boolean; pending: boolean }> {
    const row = await one<{ current: boolean; pending: boolean }>(
      this.dataSource,
      `SELECT built_at IS NOT NULL AS current, EXISTS (SELECT 1 FROM patient_visit_changes) AS pending FROM report_rollup_state WHERE rollup = 'patient_visits'`,
    );
    return { current: row?.current ?? false, pending: row?.pending ?? false };
  }

  /** Makes the transaction the only one changing the facts, and gives it memory to sort a rebuild. */
  async lock(em: EntityManager): Promise<void> {
    await execute(em, `SELECT pg_advisory_xact_lock(hashtext('patient_visit_facts'))`);
    await execute(em, `SET LOCAL work_mem = '64MB'`);
  }

  async isCurrent(em: EntityManager): Promise<boolean> {
    return (
      (await one<{ current: boolean }>(em, `SELECT built_at IS NOT NULL AS current FROM report_rollup_state WHERE rollup = 'patient_visits'`))?.current ?? false
    );
  }

  /** Consumes the change notes: patients (patient_id), or every patient of a branch whose time zone changed (branch_key). */
  async takeChanges(em: EntityManager): Promise<Array<{ patient_id: string | null; branch_key: string | null }>> {
    return rows(em, `WITH noted AS (DELETE FROM patient_visit_changes RETURNING patient_id, branch_key) SELECT DISTINCT * FROM noted`);
  }

  async deleteAll(em: EntityManager): Promise<void> {
    await execute(em, `DELETE FROM patient_visit_facts`);
  }

  /** After a rebuild: rows in the order reports read them, and fresh statistics. */
  async compact(em: EntityManager): Promise<void> {
    await execute(em, `CLUSTER patient_visit_facts USING patient_visit_facts_day_idx`);
    await execute(em, `ANALYZE patient_visit_facts`);
  }

  /** Moves the first visits of these branches' patients to their local days in the branches' zones now; returns how many. */
  async rezone(branches: string[], em: EntityManager): Promise<number> {
    return affected(
      em,
      `UPDATE patient_visit_facts f SET first_day = (f.first_visit_at AT TIME ZONE b.timezone)::date
         FROM branches b WHERE b.id = f.branch_key AND f.branch_key = ANY($1::uuid[])`,
      [branches],
    );
  }

  async markBuilt(em: EntityManager): Promise<void> {
    await execute(em, `UPDATE report_rollup_state SET built_at = now() WHERE rollup = 'patient_visits'`);
  }

  /** Recomputes the facts of these patients (every patient when null) from the live tables; returns how many it wrote. */
  async recompute(patientIds: string[] | null, em: EntityManager): Promise<number> {
    const only = patientIds ? `AND a.patient_id = ANY($1::uuid[])` : '';
    if (patientIds) await execute(em, `DELETE FROM patient_visit_facts WHERE patient_id = ANY($1::uuid[])`, [patientIds]);
    // As a SELECT over the INSERT, so the driver answers with the count.
    const row = await one<{ n: number }>(
      em,
      `WITH firsts AS (
         SELECT DISTINCT ON (a.patient_id) a.patient_id, a.starts_at, a.branch_id
           FROM appointments a WHERE a.status = '${COMPLETED}' ${only}
          ORDER BY a.patient_id, a.starts_at, a.id
       ),
       written AS (
       INSERT INTO patient_visit_facts (patient_id, first_visit_at, branch_key, first_day, next_visit_at, first_lead_at, channel)
       SELECT f.patient_id, f.starts_at, f.branch_id, (f.starts_at AT TIME ZONE b.timezone)::date,
              -- The second completed visit in time: with two at the same moment, that moment.
              (SELECT n.starts_at FROM appointments n WHERE n.patient_id = f.patient_id AND n.status = '${COMPLETED}' ORDER BY n.starts_at OFFSET 1 LIMIT 1),
              fl.created_at, fl.channel
         FROM firsts f JOIN branches b ON b.id = f.branch_id
         LEFT JOIN LATERAL (SELECT l.created_at, l.channel FROM leads l WHERE l.patient_id = f.patient_id ORDER BY l.created_at, l.id LIMIT 1) fl ON true
       RETURNING 1
       )
       SELECT count(*)::int AS n FROM written`,
      patientIds ? [patientIds] : [],
    );
    return row?.n ?? 0;
  }
}
