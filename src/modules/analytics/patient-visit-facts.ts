import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { JobRunner } from '../../jobs/job-runner.js';
import { COMPLETED } from '../leads/funnel-definitions.js';
import { chunks, RollupRefresher } from './rollup-refresher.js';

const REFRESH_JOB = 'analytics.patient_visit_facts';
const PATIENTS_PER_STATEMENT = 5000;

/**
 * Per patient with a completed visit (`patient_visit_facts`): their first completed visit ever (when, at which
 * branch, on which local day there), the next completed visit after it, and the channel of their first lead. The
 * repeat-visit cohorts count these instead of ranking every completed visit of every patient. Triggers note the
 * patients a change touches (their completed visits, their first lead, their branch's time zone); a refresh before
 * each report, and every 30 s in the background, recomputes those patients from the live tables.
 */
@Injectable()
export class PatientVisitFacts implements OnModuleInit {
  private readonly logger = new Logger(PatientVisitFacts.name);
  private readonly refresher = new RollupRefresher(() => this.refreshNow());

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobRunner,
  ) {}

  onModuleInit(): void {
    this.jobs.every(REFRESH_JOB, 30, async () => {
      const done = await this.refresh();
      if (done.patients) this.logger.log(`patient visit facts: ${done.patients} patients recomputed${done.full ? ' (full rebuild)' : ''}`);
    });
  }

  /** Brings the facts up to date with every change committed so far (calls made together share one refresh). */
  refresh(): Promise<{ patients: number; full: boolean }> {
    return this.refresher.refresh();
  }

  private async refreshNow(): Promise<{ patients: number; full: boolean }> {
    const [probe] = await this.dataSource.query(
      `SELECT built_at IS NOT NULL AS current, EXISTS (SELECT 1 FROM patient_visit_changes) AS pending FROM report_rollup_state WHERE rollup = 'patient_visits'`,
    );
    if (probe.current && !probe.pending) return { patients: 0, full: false };
    return this.dataSource.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('patient_visit_facts'))`);
      await em.query(`SET LOCAL work_mem = '64MB'`);
      const [state] = await em.query(`SELECT built_at IS NOT NULL AS current FROM report_rollup_state WHERE rollup = 'patient_visits'`);
      const noted: Array<{ patient_id: string | null; branch_key: string | null }> = await em.query(
        `WITH noted AS (DELETE FROM patient_visit_changes RETURNING patient_id, branch_key) SELECT DISTINCT * FROM noted`,
      );
      let patients = 0;
      if (!state.current) {
        await em.query(`DELETE FROM patient_visit_facts`);
        patients = await this.recompute(em, null);
        await em.query(`CLUSTER patient_visit_facts USING patient_visit_facts_day_idx`);
        await em.query(`ANALYZE patient_visit_facts`);
      } else {
        const ids = [...new Set(noted.filter((n) => n.patient_id).map((n) => n.patient_id!))];
        for (const part of chunks(ids, PATIENTS_PER_STATEMENT)) patients += await this.recompute(em, part);
        // A branch's new time zone moves its patients' first visits to other local days.
        const branches = noted.filter((n) => !n.patient_id && n.branch_key).map((n) => n.branch_key!);
        if (branches.length) {
          const [, moved] = await em.query(
            `UPDATE patient_visit_facts f SET first_day = (f.first_visit_at AT TIME ZONE b.timezone)::date
               FROM branches b WHERE b.id = f.branch_key AND f.branch_key = ANY($1::uuid[])`,
            [branches],
          );
          patients += moved ?? 0;
        }
      }
      await em.query(`UPDATE report_rollup_state SET built_at = now() WHERE rollup = 'patient_visits'`);
      return { patients, full: !state.current };
    });
  }

  /** Recomputes the facts of these patients (every patient when null) from the live tables; returns how many it wrote. */
  private async recompute(em: EntityManager, patientIds: string[] | null): Promise<number> {
    const only = patientIds ? `AND a.patient_id = ANY($1::uuid[])` : '';
    if (patientIds) await em.query(`DELETE FROM patient_visit_facts WHERE patient_id = ANY($1::uuid[])`, [patientIds]);
    // As a SELECT over the INSERT, so the driver answers with the count.
    const [row] = await em.query(
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
    return row.n;
  }
}
